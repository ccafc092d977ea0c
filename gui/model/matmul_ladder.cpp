#include "model/matmul_ladder.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/precision.hpp"
#include "gpuprobe/report_format.hpp"
#include "model/device_traits.hpp"
#include "model/text.hpp"

namespace gpuprobe::gui {
namespace {

using Shape = std::tuple<uint64_t, uint64_t, uint64_t>;  // m, n, k

Shape shape_of(const KernelParams& p) { return {p.m, p.n, p.k}; }

std::string text_of(const Shape& s) {
  const auto [m, n, k] = s;
  return shape_text(KernelParams{.m = m, .n = n, .k = k});
}

// Shapes at which a rung has an Ok figure in this precision.
std::set<Shape> ok_shapes(const KernelResult& kr, const std::string& precision) {
  std::set<Shape> shapes;
  for (const auto& p : kr.points)
    if (p.requested.precision == precision && p.status == MeasurementStatus::Ok)
      shapes.insert(shape_of(p.requested));
  return shapes;
}

// The largest shape (most multiply-adds) in every set; none when they share none.
std::optional<Shape> largest_shared(const std::vector<std::set<Shape>>& sets) {
  if (sets.empty()) return std::nullopt;
  std::optional<Shape> best;
  auto work = [](const Shape& s) {
    return double(std::get<0>(s)) * double(std::get<1>(s)) * double(std::get<2>(s));
  };
  for (const Shape& s : sets.front()) {
    const bool everywhere = std::all_of(sets.begin() + 1, sets.end(),
                                        [&](const std::set<Shape>& o) { return o.count(s) > 0; });
    if (everywhere && (!best || work(s) > work(*best) || (work(s) == work(*best) && s > *best)))
      best = s;
  }
  return best;
}

// The rung's figure at `at`, or its best point over all shapes when `at` is null. Without
// a figure, the note is the reason its point there failed, else the reason of its first
// point when it has no figure anywhere (unsupported, say), else that `at` was not measured.
LadderStep make_step(const KernelResult& kr, const std::string& precision, const Shape* at) {
  LadderStep s;
  s.kernel = kr.kernel;
  s.precision = precision;
  s.label = kr.kernel + " " + precision;
  const Measurement* first = nullptr;
  const Measurement* first_here = nullptr;
  bool ok_elsewhere = false;
  for (const auto& p : kr.points) {
    if (p.requested.precision != precision) continue;
    if (!first) first = &p;
    if (at && shape_of(p.requested) != *at) {
      ok_elsewhere |= p.status == MeasurementStatus::Ok;
      continue;
    }
    if (!first_here) first_here = &p;
    if (p.status != MeasurementStatus::Ok) continue;
    if (!s.gflops || p.figure.median > *s.gflops) {
      s.gflops = p.figure.median;
      s.params = params_text(kr.kernel, p.requested);
      s.shape = shape_text(p.requested);
    }
  }
  if (s.gflops) return s;
  if (first_here)
    s.note = format_cell(*first_here, true);
  else if (ok_elsewhere)
    s.note = "not measured at " + text_of(*at);
  else if (first)
    s.note = format_cell(*first, true);
  return s;
}

}  // namespace

std::string shape_text(const KernelParams& p) {
  return std::to_string(p.m) + "x" + std::to_string(p.n) + "x" + std::to_string(p.k);
}

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

    // fp32 first for every rung, then each reduced precision measured, rung by rung, in the
    // ladder order of precision.hpp (tf32, fp16, bf16, int8; names it does not know last).
    std::vector<std::string> precisions = {"fp32"};
    for (const auto& name : rungs)
      if (const KernelResult* kr = c.result->find(name))
        for (const auto& p : kr->points)
          if (std::find(precisions.begin(), precisions.end(), p.requested.precision) ==
              precisions.end())
            precisions.push_back(p.requested.precision);
    std::stable_sort(precisions.begin(), precisions.end(), [](const auto& a, const auto& b) {
      return precision_rank(a) < precision_rank(b);
    });

    struct Rung {
      const KernelResult* kr;
      std::string precision;
    };
    std::vector<Rung> present;
    for (const auto& precision : precisions)
      for (const auto& name : rungs) {
        const KernelResult* kr = c.result->find(name);
        if (kr && std::any_of(kr->points.begin(), kr->points.end(), [&](const Measurement& m) {
              return m.requested.precision == precision;
            }))
          present.push_back({kr, precision});
      }
    if (present.empty()) continue;

    // Rungs without any figure (unsupported, failed) do not narrow the choice of shape.
    std::vector<std::set<Shape>> every, fp32;
    for (const Rung& r : present) {
      auto shapes = ok_shapes(*r.kr, r.precision);
      if (shapes.empty()) continue;
      if (r.precision == "fp32") fp32.push_back(shapes);
      every.push_back(std::move(shapes));
    }
    std::optional<Shape> shared = largest_shared(every);
    if (shared) {
      ladder.shape = text_of(*shared);
      ladder.basis = "at " + ladder.shape + ", the largest shape every rung measured";
    } else if ((shared = largest_shared(fp32))) {
      ladder.shape = text_of(*shared);
      ladder.basis = "at " + ladder.shape + ", the largest fp32 shape every rung measured";
    } else if (!every.empty()) {
      ladder.basis =
          "no shape measured by every rung: each rung at its best shape, so no speed-ups";
    }

    for (const Rung& r : present) {
      LadderStep step = make_step(*r.kr, r.precision, shared ? &*shared : nullptr);
      // matmul_tensor runs only on matrix units; the vendor library uses them for reduced
      // precisions where the device has them.
      if (r.kr->kernel == "matmul_tensor" ||
          (r.precision != "fp32" && r.kr->kernel == "matmul_vendor" && tc.value.value_or(false))) {
        step.tensor_cores = true;
        step.label += " (tensor cores)";
      }
      ladder.steps.push_back(std::move(step));
    }

    if (shared) {
      std::optional<double> base;
      for (auto& s : ladder.steps) {
        if (!s.gflops) continue;
        if (!base) base = *s.gflops;
        if (*base > 0) s.speedup = *s.gflops / *base;
      }
    }
    ladders.push_back(std::move(ladder));
  }
  return ladders;
}

}  // namespace gpuprobe::gui
