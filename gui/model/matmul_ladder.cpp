#include "model/matmul_ladder.hpp"

#include <algorithm>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/report_format.hpp"
#include "model/device_traits.hpp"
#include "model/text.hpp"

namespace gpuprobe::gui {
namespace {

LadderStep make_step(const KernelResult& kr, const std::string& precision) {
  LadderStep s;
  s.kernel = kr.kernel;
  s.precision = precision;
  s.label = kr.kernel + " " + precision;
  const Measurement* first = nullptr;
  for (const auto& p : kr.points) {
    if (p.requested.precision != precision) continue;
    if (!first) first = &p;
    if (p.status != MeasurementStatus::Ok) continue;
    if (!s.gflops || p.figure.median > *s.gflops) {
      s.gflops = p.figure.median;
      s.params = params_text(kr.kernel, p.requested);
    }
  }
  if (!s.gflops && first) s.note = format_cell(*first, true);
  return s;
}

}  // namespace

std::vector<MatmulLadder> matmul_ladders(const std::vector<Column>& columns) {
  // The rungs, bottom to top: matmul kernels in kernels.def order.
  std::vector<std::string> rungs;
  for (const auto& spec : kernel_specs())
    if (spec.family == "matmul") rungs.push_back(spec.name);

  std::vector<MatmulLadder> ladders;
  for (const Column& c : columns) {
    MatmulLadder ladder;
    ladder.column = c.index;
    const Answer tc = has_tensor_cores(c.result->device);
    if (tc.value.value_or(false)) ladder.tensor_core_evidence = tc.evidence;

    // fp32 first for every rung, then each reduced precision measured, rung by rung.
    std::vector<std::string> precisions = {"fp32"};
    for (const auto& name : rungs)
      if (const KernelResult* kr = c.result->find(name))
        for (const auto& p : kr->points)
          if (std::find(precisions.begin(), precisions.end(), p.requested.precision) ==
              precisions.end())
            precisions.push_back(p.requested.precision);

    for (const auto& precision : precisions)
      for (const auto& name : rungs) {
        const KernelResult* kr = c.result->find(name);
        if (!kr) continue;
        const bool present =
            std::any_of(kr->points.begin(), kr->points.end(),
                        [&](const Measurement& m) { return m.requested.precision == precision; });
        if (!present) continue;
        LadderStep step = make_step(*kr, precision);
        if (precision != "fp32" && name == "matmul_vendor" && tc.value.value_or(false)) {
          step.tensor_cores = true;
          step.label += " (tensor cores)";
        }
        ladder.steps.push_back(std::move(step));
      }
    if (ladder.steps.empty()) continue;

    std::optional<double> base;
    for (auto& s : ladder.steps) {
      if (!s.gflops) continue;
      if (!base) base = *s.gflops;
      if (*base > 0) s.speedup = *s.gflops / *base;
    }
    ladders.push_back(std::move(ladder));
  }
  return ladders;
}

}  // namespace gpuprobe::gui
