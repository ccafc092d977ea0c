#include "model/family_bars.hpp"

#include <algorithm>

#include "gpuprobe/kernels.hpp"
#include "model/text.hpp"

namespace gpuprobe::gui {
namespace {

size_t kernel_order(const std::string& kernel) {
  const auto& specs = kernel_specs();
  for (size_t i = 0; i < specs.size(); ++i)
    if (specs[i].name == kernel) return i;
  return specs.size();
}

struct KernelInfo {
  std::string name, family, unit;
  bool splits_pinned = false;     // both pinned and pageable points exist somewhere
  bool splits_precision = false;  // a precision other than fp32 exists somewhere
};

std::string variant_of(const KernelInfo& k, const Measurement& m) {
  std::string v;
  if (k.splits_pinned) v += m.requested.pinned ? " pinned" : " pageable";
  if (k.splits_precision) v += " " + m.requested.precision;
  return v;
}

}  // namespace

std::vector<FamilyChart> family_charts(const std::vector<Column>& columns,
                                       const std::set<std::string>& skip_families) {
  // Every kernel measured in any column, in kernels.def order.
  std::vector<KernelInfo> kernels;
  for (const Column& c : columns)
    for (const auto& k : c.result->kernels) {
      if (skip_families.count(k.family)) continue;
      auto it = std::find_if(kernels.begin(), kernels.end(),
                             [&](const KernelInfo& x) { return x.name == k.kernel; });
      if (it == kernels.end()) {
        kernels.push_back({k.kernel, k.family, k.unit});
        it = kernels.end() - 1;
      }
      for (const auto& p : k.points) {
        it->splits_pinned |= p.requested.pinned;
        it->splits_precision |= p.requested.precision != "fp32";
      }
    }
  std::stable_sort(kernels.begin(), kernels.end(), [](const KernelInfo& a, const KernelInfo& b) {
    return kernel_order(a.name) < kernel_order(b.name);
  });

  std::vector<FamilyChart> charts;
  for (const KernelInfo& k : kernels) {
    // Variants in the order they first appear.
    std::vector<std::string> variants;
    for (const Column& c : columns)
      if (const KernelResult* kr = c.result->find(k.name))
        for (const auto& p : kr->points) {
          const std::string v = variant_of(k, p);
          if (std::find(variants.begin(), variants.end(), v) == variants.end())
            variants.push_back(v);
        }

    std::vector<BarGroup> groups;
    for (const std::string& v : variants) {
      BarGroup g;
      g.label = k.name + v;
      g.bars.resize(columns.size());
      bool any = false;
      const KernelSpec* spec = find_kernel(k.name);
      const bool lower = spec && spec->metric == GP_METRIC_LATENCY;
      for (const Column& c : columns) {
        const KernelResult* kr = c.result->find(k.name);
        if (!kr) continue;
        uint64_t largest = 0;
        for (const auto& p : kr->points)
          if (variant_of(k, p) == v) largest = std::max(largest, p.requested.size_bytes);
        for (const auto& p : kr->points) {
          if (variant_of(k, p) != v || p.requested.size_bytes != largest ||
              p.status != MeasurementStatus::Ok)
            continue;
          auto& bar = g.bars[c.index];
          if (!bar || (lower ? p.figure.median < bar->value : p.figure.median > bar->value)) {
            bar = BarValue{p.figure.median, &p, params_text(k.name, p.requested)};
            any = true;
          }
        }
      }
      if (any) groups.push_back(std::move(g));
    }
    if (groups.empty()) continue;

    auto chart = std::find_if(charts.begin(), charts.end(), [&](const FamilyChart& f) {
      return f.family == k.family && f.unit == k.unit;
    });
    if (chart == charts.end()) {
      FamilyChart f;
      f.family = k.family;
      f.unit = k.unit;
      const KernelSpec* spec = find_kernel(k.name);
      f.lower_is_better = spec && spec->metric == GP_METRIC_LATENCY;
      f.basis = f.lower_is_better ? "lowest median" : "highest median";
      f.basis += " at each kernel's largest working set (hover a bar for its point)";
      charts.push_back(std::move(f));
      chart = charts.end() - 1;
    }
    for (auto& g : groups) chart->groups.push_back(std::move(g));
  }
  return charts;
}

}  // namespace gpuprobe::gui
