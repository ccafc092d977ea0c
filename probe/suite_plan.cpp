#include "suite_plan.hpp"

#include <algorithm>
#include <cstdio>

#include "gpuprobe/analysis.hpp"
#include "gpuprobe/precision.hpp"

namespace gpuprobe {
namespace {

constexpr uint64_t KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

uint64_t next_pow2(uint64_t v) {
  uint64_t p = 1;
  while (p < v) p <<= 1;
  return p;
}

// Powers of two from lo to hi, `per_octave` points per doubling (1, 2 or 4).
std::vector<uint64_t> geometric(uint64_t lo, uint64_t hi, int per_octave) {
  static const double steps[4][4] = {{1.0}, {1.0, 1.5}, {1.0, 1.25, 1.5, 1.75}, {}};
  const int row = per_octave >= 4 ? 2 : per_octave - 1;
  std::vector<uint64_t> out;
  for (uint64_t base = lo; base <= hi; base <<= 1)
    for (int s = 0; s < per_octave && s < 4; ++s) {
      const uint64_t v = static_cast<uint64_t>(double(base) * steps[row][s]);
      if (v <= hi) out.push_back(v / 64 * 64);  // whole cache lines
    }
  return out;
}

bool device_has(const DeviceInfo& d, const char* key) {
  const InfoValue* v = d.find(key);
  return v && std::holds_alternative<bool>(v->value) && std::get<bool>(v->value);
}

// The precisions one matmul kernel runs at, in ladder order. matmul_tensor has fp16 inputs
// only. Asked for by name: exactly those (a backend without one says so as unsupported).
// Otherwise fp32, and with --full each reduced precision the device says it has; tf32, bf16
// and int8 only through the vendor library (no portable kernel of ours has them).
std::vector<std::string> matmul_precisions(gp_kernel_id kernel, const DeviceInfo& device,
                                           const RunOptions& options) {
  const bool full = options.mode == SuiteMode::Full;
  std::vector<std::string> out;
  for (const auto& p : kPrecisions) {
    const std::string name(p.name);
    const auto& asked = options.matmul_precisions;
    bool wanted = false;
    if (kernel == GP_KERNEL_MATMUL_TENSOR)
      wanted = p.id == GP_PRECISION_FP16 &&
               (asked.empty() || std::find(asked.begin(), asked.end(), name) != asked.end());
    else if (!asked.empty())
      wanted = std::find(asked.begin(), asked.end(), name) != asked.end();
    else if (p.id == GP_PRECISION_FP32)
      wanted = true;
    else if (full && device_has(device, name.c_str()))
      wanted = p.id == GP_PRECISION_FP16 || kernel == GP_KERNEL_MATMUL_VENDOR;
    if (wanted) out.push_back(name);
  }
  return out;
}

}  // namespace

bool chase_sizes_dram(const RunOptions& options) {
  const auto& k = options.kernels;
  return options.sizes_bytes.empty() &&
         (k.empty() || std::find(k.begin(), k.end(), "pointer_chase") != k.end());
}

std::vector<PlannedPoint> plan_chase(const DeviceInfo& device, const RunOptions& options) {
  RunOptions chase_only = options;
  chase_only.kernels = {"pointer_chase"};
  return plan_suite(device, chase_only, kDramFloorBytes);  // the chase's sizes ignore it
}

bool chase_is_settled(const KernelResult& chase, const RunOptions& options) {
  if (options.mode == SuiteMode::Full || !options.sizes_bytes.empty()) return false;
  // A size the device clamped: larger ones would run at the same size again.
  for (const auto& p : chase.points)
    if (p.effective.size_bytes && p.effective.size_bytes < p.requested.size_bytes) return true;
  return measured_dram_knee(chase).has_value();
}

MemoryPlan plan_dram_working_set(const DeviceInfo& device, uint64_t host_llc_bytes,
                                 const RunOptions& options, const KernelResult* chase) {
  MemoryPlan plan;
  const auto type = device.find("device_type");
  const bool shares_host_caches = device_has(device, "host_unified_memory") ||
                                  (type && std::holds_alternative<std::string>(type->value) &&
                                   std::get<std::string>(type->value) == "CPU");
  plan.reported_llc_bytes = cache_sizes_of(device).llc;
  plan.reported_by = "the device";
  if (!plan.reported_llc_bytes && shares_host_caches && host_llc_bytes) {
    plan.reported_llc_bytes = host_llc_bytes;
    plan.reported_by = "the host";
  }
  const auto mem = device.find_int("global_mem_bytes");
  const uint64_t memory = mem && *mem > 0 ? uint64_t(*mem) : 0;

  // A report is believed up to a sane bound: the largest shipped cache, and an eighth of
  // the device's memory.
  uint64_t sane = kPlausibleLlcBytes;
  if (memory) sane = std::min(sane, memory / 8);
  const uint64_t believed = std::min(plan.reported_llc_bytes, sane);
  std::string why_not_reported;
  if (plan.reported_llc_bytes > sane)
    why_not_reported = plan.reported_by + " reports a " + format_bytes(plan.reported_llc_bytes) +
                       " last-level cache, above the " + format_bytes(sane) +
                       " any cache of this device plausibly has";

  const CacheEvidence evidence =
      compare_cache_report(plan.reported_llc_bytes, chase, plan.reported_by);
  plan.measured_dram_knee_bytes = evidence.measured_knee_bytes;
  plan.reported_llc_contradicted = evidence.contradicted;
  uint64_t basis = 0;
  if (evidence.measured_knee_bytes) {
    basis = evidence.contradicted ? evidence.measured_knee_bytes
                                  : std::max(evidence.measured_knee_bytes, believed);
    plan.basis = evidence.contradicted ? evidence.note
                                       : "the chase reaches DRAM latency at " +
                                             format_bytes(evidence.measured_knee_bytes);
  } else {
    basis = believed;
    plan.basis =
        why_not_reported.empty()
            ? (plan.reported_llc_bytes ? "from the " + format_bytes(plan.reported_llc_bytes) +
                                             " last-level cache " + plan.reported_by + " reports"
                                       : "no cache size reported")
            : why_not_reported + "; planned as " + format_bytes(sane);
    plan.basis += chase ? " (the chase did not show where DRAM starts)"
                        : " (no pointer_chase run to measure it)";
  }

  // Four times the last cache, never under the floor; within a quarter of the device's
  // memory (copy holds two buffers) and the mode's time budget.
  const uint64_t budget = options.mode == SuiteMode::Full ? 4 * GiB : 1 * GiB;
  uint64_t size = std::max(next_pow2(4 * basis), kDramFloorBytes);
  std::string capped;
  if (size > budget) {
    size = budget;
    capped = "; capped at the mode's " + format_bytes(budget);
  }
  if (memory)
    while (size > memory / 4 && size > 64 * MiB) {
      size >>= 1;
      capped = "; capped at a quarter of the device's memory";
    }
  plan.dram_working_set_bytes = size;
  plan.basis = format_bytes(size) + ": " + plan.basis + capped;
  return plan;
}

std::vector<PlannedPoint> plan_suite(const DeviceInfo& device, const RunOptions& options,
                                     uint64_t dram) {
  const bool full = options.mode == SuiteMode::Full;
  const auto& kernels = options.kernels;
  // A user-given list replaces the mode's sweep.
  auto sizes_or = [&](std::vector<uint64_t> planned) {
    return options.sizes_bytes.empty() ? planned : options.sizes_bytes;
  };
  std::vector<PlannedPoint> plan;
  for (const auto& spec : kernel_specs()) {
    if (!kernels.empty() && std::find(kernels.begin(), kernels.end(), spec.name) == kernels.end())
      continue;
    auto add = [&](KernelParams p) { plan.push_back({&spec, p}); };
    switch (spec.id) {
      case GP_KERNEL_READ:
      case GP_KERNEL_WRITE:
      case GP_KERNEL_COPY: {
        // Quick: one cache-resident, one LLC-sized and one DRAM point at width 4, and the
        // DRAM point once more at width 16 (the headline figure). Full: widths 1, 4 and 16
        // at every size (scalar, the common case, the widest); 2 and 8 lie between their
        // neighbours and would add 40 % to the sweep (a third of --full's points); --widths
        // asks for any set.
        const auto sizes = sizes_or(full ? geometric(16 * KiB, dram, 1)
                                         : std::vector<uint64_t>{1 * MiB, 32 * MiB, dram});
        const bool all_widths = full || !options.vector_widths.empty();
        const std::vector<uint32_t> widths = !options.vector_widths.empty() ? options.vector_widths
                                             : full ? std::vector<uint32_t>{1, 4, 16}
                                                    : std::vector<uint32_t>{4, 16};
        for (uint64_t size : sizes)
          for (uint32_t w : widths)
            if (all_widths || size == sizes.back() || w == 4)
              add({.size_bytes = size, .vector_width = w});
        break;
      }
      case GP_KERNEL_POINTER_CHASE: {
        // Runs before the rest and decides the DRAM size, so it cannot depend on it: up to
        // 512 MiB, past every shipped cache. Full mode: four points per octave up to 128 MiB
        // (every cache level's edge), then one per octave (each DRAM point costs seconds).
        // Quick mode takes 4x steps from 2 MiB, so the knee is seen within 4x, and stops once
        // the curve settles (chase_is_settled).
        std::vector<uint64_t> dense = geometric(4 * KiB, 128 * MiB, 4);
        dense.insert(dense.end(), {256 * MiB, 512 * MiB});
        const auto sizes =
            sizes_or(full ? dense
                          : std::vector<uint64_t>{16 * KiB, 256 * KiB, 2 * MiB, 8 * MiB, 32 * MiB,
                                                  128 * MiB, 512 * MiB});
        for (uint64_t size : sizes) add({.size_bytes = size});
        break;
      }
      case GP_KERNEL_LAUNCH_LATENCY:
      case GP_KERNEL_LAUNCH_GAP:
        add({});
        break;
      case GP_KERNEL_TRANSFER_H2D:
      case GP_KERNEL_TRANSFER_D2H: {
        const auto sizes = sizes_or(full ? geometric(4 * KiB, 256 * MiB, 1)
                                         : std::vector<uint64_t>{4 * KiB, 32 * MiB});
        for (bool pinned : {false, true})
          for (uint64_t size : sizes) add({.size_bytes = size, .pinned = pinned});
        break;
      }
      case GP_KERNEL_LATENCY_HIDING: {
        // From a single work-item to far more than any device keeps in flight, over the
        // same DRAM working set as read/write/copy; quick mode takes coarser steps.
        const uint64_t size = !options.sizes_bytes.empty() ? options.sizes_bytes.back() : dram;
        const uint64_t top = full ? (uint64_t{1} << 20) : (uint64_t{1} << 18);
        for (uint64_t items = 1; items <= top; items <<= (full ? 1 : 6))
          add({.size_bytes = size, .vector_width = 1, .work_items = items});
        break;
      }
      case GP_KERNEL_LOCAL_BANDWIDTH:
      case GP_KERNEL_REGISTER_BANDWIDTH:
      case GP_KERNEL_COMPUTE_FP32:
      case GP_KERNEL_COMPUTE_FP16:
      case GP_KERNEL_COMPUTE_FP64:
      case GP_KERNEL_COMPUTE_INT32:
        add({});
        break;
      case GP_KERNEL_MATMUL_NAIVE:
      case GP_KERNEL_MATMUL_TILED:
      case GP_KERNEL_MATMUL_VENDOR:
      case GP_KERNEL_MATMUL_TENSOR: {
        const bool naive = spec.id == GP_KERNEL_MATMUL_NAIVE;
        std::vector<MatmulShape> shapes = options.matmul_shapes;
        // Quick: one shape for the whole ladder, so naive -> tiled -> vendor compare alike.
        if (shapes.empty() && !full) shapes = {MatmulShape{512, 512, 512}};
        if (shapes.empty() && full)
          shapes = naive
                       ? std::vector<MatmulShape>{{512, 512, 512}, {1024, 1024, 1024}}
                       : std::vector<MatmulShape>{
                             {1024, 1024, 1024},
                             {2048, 2048, 2048},
                             {4096, 4096, 4096},
                             {8192, 1024, 4096}};  // transformer-style: tokens x hidden x 4*hidden
        const auto precisions = matmul_precisions(spec.id, device, options);
        for (const auto& s : shapes)
          for (const auto& precision : precisions)
            add({.m = s.m, .n = s.n, .k = s.k, .precision = precision});
        break;
      }
      case GP_KERNEL_COUNT:
        break;
    }
  }
  return plan;
}

std::string format_bytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = double(bytes);
  int u = 0;
  while (v >= 1024.0 && u < 4) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  if (v == double(uint64_t(v)))
    std::snprintf(buf, sizeof buf, "%llu %s", (unsigned long long)v, units[u]);
  else
    std::snprintf(buf, sizeof buf, "%.2f %s", v, units[u]);
  return buf;
}

std::string describe_params(const std::string& kernel, const KernelParams& p) {
  if (p.m) {
    return std::to_string(p.m) + "x" + std::to_string(p.n) + "x" + std::to_string(p.k) + " " +
           p.precision;
  }
  std::string text;
  if (kernel == "latency_hiding") return std::to_string(p.work_items) + " work-items";
  if (p.size_bytes) text = format_bytes(p.size_bytes);
  if (kernel == "read" || kernel == "write" || kernel == "copy")
    text += " w" + std::to_string(p.vector_width);
  if (kernel.rfind("transfer", 0) == 0) text += p.pinned ? " pinned" : " pageable";
  return text.empty() ? "-" : text;
}

}  // namespace gpuprobe
