// "Why CUDA wins", computed from the results on screen and nothing else: per card, the
// share of the spec-sheet bandwidth and compute each API reached (the spec database's row,
// as the Results panel and the CLI compare with), the matmul ladder from portable
// kernel to vendor library to tensor cores, and a feature matrix across the APIs with the
// evidence for every cell. With no NVIDIA device anywhere it says so and compares what
// is there.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/spec_comparison.hpp"
#include "model/columns.hpp"
#include "model/matmul_ladder.hpp"

namespace gpuprobe::gui {

struct BandwidthShare {
  size_t column = 0;
  std::string kernel;                   // "read", "write", "copy"
  std::optional<double> measured_gbps;  // best Ok median at the largest working set
  std::string point;                    // params of that point, or why there is none
  std::optional<double> share;          // measured / spec, when the spec is known
};

// What one launch costs through an API: the host's wait for an empty kernel, and the
// device-side gap between back-to-back ones (the two launch kernels' medians, in us).
struct LaunchCost {
  size_t column = 0;
  std::optional<double> latency_us;  // launch_latency
  std::optional<double> gap_us;      // launch_gap
  std::string latency_note;          // why there is no figure ("not measured", unsupported...)
  std::string gap_note;
};

// What one API reached of a spec-sheet compute figure (fp32, fp16 tensor): the share the
// run's spec comparison holds for that column's device.
struct ComputeShare {
  size_t column = 0;
  SpecShare share;
};

struct FeatureCell {
  std::optional<bool> value;  // nullopt: nothing on screen answers it
  std::string evidence;       // the result or capability the answer came from
};

struct FeatureRow {
  std::string feature;
  std::vector<FeatureCell> cells;  // per member column of the card
};

struct CardVerdict {
  std::string card;    // device name
  std::string source;  // result file, "" when the live run is part of the card
  bool nvidia = false;
  std::vector<size_t> columns;  // one per API that reached the card
  std::optional<double> spec_gbps;
  std::string spec_evidence;  // which key gave the spec, or why it is unknown
  std::vector<BandwidthShare> bandwidth;
  std::vector<ComputeShare> compute;
  std::vector<LaunchCost> launch;
  std::vector<MatmulLadder> ladders;
  std::vector<FeatureRow> features;
  std::vector<std::string> findings;  // sentences built from the figures above
};

struct WhyCudaReport {
  bool nvidia_present = false;
  std::string nvidia_note;  // where NVIDIA devices came from, or that there are none
  std::vector<CardVerdict> cards;
};

WhyCudaReport why_cuda(const std::vector<Column>& columns);

}  // namespace gpuprobe::gui
