#include "model/why_cuda.hpp"

#include <algorithm>
#include <cstdio>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/report_format.hpp"
#include "model/device_groups.hpp"
#include "model/device_traits.hpp"
#include "model/text.hpp"

namespace gpuprobe::gui {
namespace {

std::string api_of(const Column& c) {
  return c.result->device.api.empty() ? c.result->device.backend : c.result->device.api;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100.0);
  return buf;
}

std::string times(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3gx", ratio);  // 1.05x: "1x" hid a 5 % lead
  if (ratio >= 10) std::snprintf(buf, sizeof buf, "%.0fx", ratio);
  return buf;
}

std::string machine_of(const Column& c) {
  const HostInfo& h = c.report->host;
  if (h.hostname.empty() && h.cpu.empty())
    return c.source;  // no host recorded: the file is its own machine
  return h.hostname + "|" + h.cpu;
}

BandwidthShare bandwidth_of(const Column& c, const std::string& kernel,
                            std::optional<double> spec) {
  BandwidthShare b;
  b.column = c.index;
  b.kernel = kernel;
  const KernelResult* kr = c.result->find(kernel);
  if (!kr) {
    b.point = "not measured";
    return b;
  }
  uint64_t largest = 0;
  for (const auto& p : kr->points) largest = std::max(largest, p.requested.size_bytes);
  const Measurement* failed = nullptr;
  for (const auto& p : kr->points) {
    if (p.requested.size_bytes != largest) continue;
    if (p.status != MeasurementStatus::Ok) {
      if (!failed) failed = &p;
      continue;
    }
    if (!b.measured_gbps || p.figure.median > *b.measured_gbps) {
      b.measured_gbps = p.figure.median;
      b.point = params_text(kernel, p.requested);
    }
  }
  if (!b.measured_gbps) b.point = failed ? format_cell(*failed, true) : "not measured";
  if (b.measured_gbps && spec) b.share = *b.measured_gbps / *spec;
  return b;
}

// The best (lowest) Ok median of a launch kernel, or the reason there is none.
std::optional<double> launch_figure(const Column& c, const std::string& kernel, std::string& note) {
  const KernelResult* kr = c.result->find(kernel);
  if (!kr) {
    note = "not measured";
    return std::nullopt;
  }
  std::optional<double> best;
  const Measurement* failed = nullptr;
  for (const auto& p : kr->points) {
    if (p.status != MeasurementStatus::Ok) {
      if (!failed) failed = &p;
      continue;
    }
    if (!best || p.figure.median < *best) best = p.figure.median;
  }
  if (!best) note = failed ? format_cell(*failed, true) : "not measured";
  return best;
}

LaunchCost launch_of(const Column& c) {
  LaunchCost l;
  l.column = c.index;
  l.latency_us = launch_figure(c, "launch_latency", l.latency_note);
  l.gap_us = launch_figure(c, "launch_gap", l.gap_note);
  return l;
}

// Feature answers from results first (they are measurements), then from device info.
FeatureCell answer_from_kernel(const Column& c, const std::string& kernel,
                               const std::string& precision) {
  const KernelResult* kr = c.result->find(kernel);
  if (!kr) return {};
  const Measurement* other = nullptr;
  for (const auto& p : kr->points) {
    if (!precision.empty() && p.requested.precision != precision) continue;
    if (p.status == MeasurementStatus::Ok) {
      std::string e = kernel + " measured " + figure_text(p.figure.median) + " " + kr->unit + " (" +
                      params_text(kernel, p.requested) + ")";
      if (!p.message.empty()) e += "; " + p.message;
      return {true, e};
    }
    if (!other) other = &p;
  }
  if (other && other->status == MeasurementStatus::Unsupported)
    return {false, kernel + " " + format_cell(*other, true)};
  return {};
}

FeatureCell from_answer(const Answer& a) { return {a.value, a.evidence}; }

FeatureCell first_known(std::initializer_list<FeatureCell> cells, const std::string& unknown) {
  for (const auto& c : cells)
    if (c.value) return c;
  return {std::nullopt, unknown};
}

std::vector<FeatureRow> feature_rows(const std::vector<const Column*>& members) {
  std::vector<FeatureRow> rows;
  auto add = [&](const std::string& feature, auto&& cell_for) {
    FeatureRow r{feature, {}};
    for (const Column* c : members) r.cells.push_back(cell_for(*c));
    rows.push_back(std::move(r));
  };
  add("tensor-core access", [](const Column& c) {
    return first_known({answer_from_kernel(c, "matmul_tensor", ""),
                        from_answer(has_tensor_cores(c.result->device))},
                       "not reported: matmul_tensor not measured, no tensor_cores / "
                       "cooperative_matrix key in device info");
  });
  add("fp16", [](const Column& c) {
    return first_known(
        {answer_from_kernel(c, "compute_fp16", ""), from_answer(has_fp16(c.result->device))},
        "not reported: compute_fp16 not measured, no fp16 key in device info");
  });
  add("bf16", [](const Column& c) {
    return first_known({from_answer(has_bf16(c.result->device))},
                       "not reported: no bf16 key in device info");
  });
  add("vendor BLAS", [](const Column& c) {
    return first_known(
        {answer_from_kernel(c, "matmul_vendor", ""),
         from_answer(ask(c.result->device, {"vendor_blas"}))},
        "not reported: matmul_vendor not measured, no vendor_blas key in device info");
  });
  add("DNN library", [](const Column& c) {
    return first_known(
        {from_answer(ask(c.result->device, {"dnn_library", "cudnn_version", "miopen_version"}))},
        "not reported: no dnn_library key in device info");
  });
  add("profiler", [](const Column& c) {
    return first_known({from_answer(ask(c.result->device, {"profiler", "profiler_api"}))},
                       "not reported: no profiler key in device info");
  });
  add("device-side timing", [](const Column& c) {
    size_t device = 0, host = 0;
    for (const auto& k : c.result->kernels)
      for (const auto& p : k.points)
        if (p.status == MeasurementStatus::Ok) (p.timer == "device" ? device : host) += 1;
    if (device + host == 0) return FeatureCell{std::nullopt, "no measured point to tell"};
    return FeatureCell{device > 0, std::to_string(device) + " of " + std::to_string(device + host) +
                                       " measured points timed on the device"};
  });
  return rows;
}

void add_findings(CardVerdict& v, const std::vector<Column>& columns) {
  // Bandwidth: rank the APIs on each kernel.
  std::vector<std::string> kernels;
  for (const auto& b : v.bandwidth)
    if (std::find(kernels.begin(), kernels.end(), b.kernel) == kernels.end())
      kernels.push_back(b.kernel);
  for (const auto& k : kernels) {
    std::vector<const BandwidthShare*> measured;
    for (const auto& b : v.bandwidth)
      if (b.kernel == k && b.measured_gbps) measured.push_back(&b);
    if (measured.empty()) continue;
    std::sort(measured.begin(), measured.end(),
              [](auto* a, auto* b) { return *a->measured_gbps > *b->measured_gbps; });
    const BandwidthShare& top = *measured.front();
    std::string s = k + ": " + api_of(columns[top.column]) + " reached " +
                    figure_text(*top.measured_gbps) + " GB/s";
    if (top.share) s += " (" + percent(*top.share) + " of the spec sheet)";
    for (size_t i = 1; i < measured.size(); ++i)
      s += std::string(i == 1 ? ", " : "; ") +
           times(*top.measured_gbps / *measured[i]->measured_gbps) + " " +
           api_of(columns[measured[i]->column]) + " (" + figure_text(*measured[i]->measured_gbps) +
           " GB/s)";
    v.findings.push_back(s);
  }
  // Compute: each spec figure's best share across APIs.
  for (const auto& c : v.compute) {
    const ComputeShare* top = &c;
    for (const auto& other : v.compute)
      if (other.share.figure == c.share.figure && other.share.share() > top->share.share())
        top = &other;
    if (top != &c) continue;  // reported once, from the best
    std::string s = c.share.figure + ": " + api_of(columns[c.column]) + " " + c.share.kernel +
                    " reached " + figure_text(c.share.measured) + " " + c.share.unit + " (" +
                    percent(c.share.share()) + " of the spec sheet's " + figure_text(c.share.spec) +
                    ")";
    for (const auto& other : v.compute)
      if (&other != &c && other.share.figure == c.share.figure)
        s += ", " + api_of(columns[other.column]) + " " + other.share.kernel + " " +
             percent(other.share.share());
    v.findings.push_back(s);
  }
  // Launch overhead: the cheapest API first (lower is better).
  for (auto figure : {&LaunchCost::latency_us, &LaunchCost::gap_us}) {
    std::vector<const LaunchCost*> measured;
    for (const auto& l : v.launch)
      if (l.*figure) measured.push_back(&l);
    if (measured.empty()) continue;
    std::sort(measured.begin(), measured.end(),
              [&](auto* a, auto* b) { return *(a->*figure) < *(b->*figure); });
    const LaunchCost& top = *measured.front();
    std::string s = std::string(figure == &LaunchCost::latency_us
                                    ? "launch latency (host waits for an empty kernel): "
                                    : "launch gap (device time between back-to-back kernels): ") +
                    api_of(columns[top.column]) + " " + figure_text(*(top.*figure)) + " us";
    for (size_t i = 1; i < measured.size(); ++i)
      if (*(top.*figure) > 0)
        s += std::string(i == 1 ? ", " : "; ") + times(*(measured[i]->*figure) / *(top.*figure)) +
             " less than " + api_of(columns[measured[i]->column]) + " (" +
             figure_text(*(measured[i]->*figure)) + " us)";
    v.findings.push_back(s);
  }
  // Matmul: the climb up each ladder (only where its rungs share a shape), then the best
  // rung across APIs.
  const LadderStep* best = nullptr;
  const MatmulLadder* best_ladder = nullptr;
  std::vector<std::pair<const LadderStep*, const MatmulLadder*>> tops;
  for (const auto& l : v.ladders) {
    const LadderStep* first = nullptr;
    const LadderStep* top = nullptr;
    for (const auto& s : l.steps) {
      if (!s.gflops) continue;
      if (!first) first = &s;
      if (!top || *s.gflops > *top->gflops) top = &s;
    }
    if (!top) continue;
    tops.push_back({top, &l});
    if (!best || *top->gflops > *best->gflops) {
      best = top;
      best_ladder = &l;
    }
    if (top != first && !l.shape.empty())
      v.findings.push_back(api_of(columns[l.column]) + " matmul: " + top->label + " " +
                           figure_text(*top->gflops) + " GFLOPS is " +
                           times(*top->gflops / *first->gflops) + " " + first->label + " (" +
                           figure_text(*first->gflops) + " GFLOPS), both at " + l.shape);
  }
  if (best && tops.size() > 1)
    for (const auto& [top, ladder] : tops)
      if (ladder != best_ladder && *top->gflops > 0) {
        std::string s = "best matmul: " + api_of(columns[best_ladder->column]) + " " + best->label +
                        " is " + times(*best->gflops / *top->gflops) + " " +
                        api_of(columns[ladder->column]) + "'s best (" + top->label + ")";
        if (best->shape != top->shape) s += ", at " + best->shape + " vs " + top->shape;
        v.findings.push_back(s);
      }
  // Features one API has and another lacks.
  for (const auto& row : v.features) {
    std::string yes, no;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      const std::string api = api_of(columns[v.columns[i]]);
      if (row.cells[i].value == true) yes += (yes.empty() ? "" : ", ") + api;
      if (row.cells[i].value == false) no += (no.empty() ? "" : ", ") + api;
    }
    if (!yes.empty() && !no.empty())
      v.findings.push_back(row.feature + ": through " + yes + ", not through " + no);
  }
}

}  // namespace

WhyCudaReport why_cuda(const std::vector<Column>& columns) {
  WhyCudaReport report;

  std::vector<DeviceEntry> entries;
  // A card is per machine, not per file: a result file written on this host pairs with the
  // live run (CPU backend from a file, PoCL live, say); files from elsewhere stay apart.
  for (const Column& c : columns) entries.push_back({&c.result->device, machine_of(c)});
  const auto groups = group_devices(entries);

  std::vector<std::string> bandwidth_kernels;
  for (const auto& spec : kernel_specs())
    if (spec.family == "bandwidth") bandwidth_kernels.push_back(spec.name);

  std::vector<std::string> nvidia_sources;
  for (const auto& g : groups) {
    CardVerdict v;
    v.card = g.name;
    // Shown as "this machine" when the live run is part of the card, else the first file.
    v.source = columns[g.members.front()].source;
    for (size_t m : g.members)
      if (columns[m].source.empty()) v.source.clear();
    std::vector<const Column*> members;
    for (size_t m : g.members) {
      v.columns.push_back(columns[m].index);
      members.push_back(&columns[m]);
      v.nvidia |= is_nvidia(columns[m].result->device);
    }
    if (v.nvidia) {
      const std::string where = v.source.empty() ? "this machine" : file_label(v.source);
      nvidia_sources.push_back(v.card + " (" + where + ")");
    }

    // The spec is a property of the card: the spec row any API's results were compared with.
    std::string why_no_spec;
    for (const Column* c : members) {
      const std::optional<SpecComparison>& s = c->result->spec;
      if (!s) continue;
      if (!s->recognised) {
        why_no_spec = s->note;
        continue;
      }
      for (const SpecShare& share : s->shares) {
        if (share.unit == "TFLOPS") v.compute.push_back({c->index, share});
        if (share.unit == "GB/s" && !v.spec_gbps) {
          v.spec_gbps = share.spec;
          v.spec_evidence =
              "spec row " + s->row_name + " (by " + s->matched_by + "; " + s->row_origin + ")";
        }
      }
      if (!v.spec_gbps) why_no_spec = "the spec row " + s->row_name + " gives no bandwidth";
    }
    if (!v.spec_gbps)
      v.spec_evidence =
          "spec unknown for " + v.card + ": " +
          (why_no_spec.empty() ? "no result compares it with a spec sheet" : why_no_spec) +
          ", so no share of it can be computed";

    for (const Column* c : members)
      for (const auto& k : bandwidth_kernels)
        v.bandwidth.push_back(bandwidth_of(*c, k, v.spec_gbps));
    for (const Column* c : members) v.launch.push_back(launch_of(*c));
    // Copies keep their index, so ladder.column still names the on-screen column.
    std::vector<Column> member_columns;
    for (const Column* c : members) member_columns.push_back(*c);
    v.ladders = matmul_ladders(member_columns);
    v.features = feature_rows(members);
    add_findings(v, columns);
    report.cards.push_back(std::move(v));
  }

  report.nvidia_present = !nvidia_sources.empty();
  if (report.nvidia_present) {
    report.nvidia_note = "NVIDIA device(s): ";
    for (size_t i = 0; i < nvidia_sources.size(); ++i)
      report.nvidia_note += (i ? ", " : "") + nvidia_sources[i];
  } else {
    report.nvidia_note =
        "No NVIDIA device on this machine or in the loaded result files: the figures below compare "
        "the APIs "
        "present. Open a result file from a machine with an NVIDIA card (Files panel) to put CUDA "
        "next to "
        "OpenCL and Vulkan on the same card.";
  }
  return report;
}

}  // namespace gpuprobe::gui
