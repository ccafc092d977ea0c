// What a device's results reached of its spec-sheet figures (schema 1.5), kept with the
// results (DeviceResult::spec). Filled by attach_spec_comparisons (spec_match.hpp).
#pragma once

#include <string>
#include <vector>

namespace gpuprobe {

inline constexpr const char* kNoSpecRow = "no spec row: give one with --spec-file";

// The share of one spec figure a result reached.
struct SpecShare {
  std::string figure;  // "read bandwidth", "copy bandwidth", "fp32 compute", "fp16 tensor"
  std::string kernel;  // the measured kernel
  std::string params;  // its point: "512 MiB x4", "4096x4096x4096 fp16"
  double measured = 0, spec = 0;  // in `unit`
  std::string unit;               // "GB/s" or "TFLOPS"
  double share() const { return spec > 0 ? measured / spec : 0; }
  bool operator==(const SpecShare&) const = default;
};

// Stored with a device's results (schema 1.5): which row, how it was found, and the shares.
struct SpecComparison {
  bool recognised = false;
  std::string row_name, row_origin, matched_by;
  std::string note;  // unrecognised: kNoSpecRow (with why)
  std::vector<SpecShare> shares;
  bool operator==(const SpecComparison&) const = default;
};

}  // namespace gpuprobe
