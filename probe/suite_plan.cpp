#include "suite_plan.hpp"

#include <algorithm>
#include <cstdio>

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

}  // namespace

uint64_t dram_working_set_bytes(const DeviceInfo& device, uint64_t host_llc_bytes) {
  uint64_t llc = std::max<uint64_t>(host_llc_bytes, 8 * MiB);
  if (auto dev = device.find_int("cache_llc_bytes")) llc = std::max<uint64_t>(llc, *dev);
  uint64_t size = next_pow2(4 * llc);
  // Copy needs two buffers: stay within a quarter of the device's memory.
  if (auto mem = device.find_int("global_mem_bytes"); mem && *mem > 0)
    while (size > uint64_t(*mem) / 4 && size > 64 * MiB) size >>= 1;
  return std::min(size, 4 * GiB);
}

std::vector<PlannedPoint> plan_suite(const DeviceInfo& device, const RunOptions& options,
                                     uint64_t host_llc_bytes) {
  const bool full = options.mode == SuiteMode::Full;
  const uint64_t dram = dram_working_set_bytes(device, host_llc_bytes);
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
        // Quick: one cache-resident, one LLC-sized and one DRAM point; widths compared at
        // the DRAM size, where they matter for the headline figure.
        const auto sizes = sizes_or(full ? geometric(16 * KiB, dram, 1)
                                         : std::vector<uint64_t>{1 * MiB, 32 * MiB, dram});
        const bool all_widths = full || !options.vector_widths.empty();
        const std::vector<uint32_t> widths = !options.vector_widths.empty() ? options.vector_widths
                                             : full ? std::vector<uint32_t>{1, 2, 4, 8, 16}
                                                    : std::vector<uint32_t>{1, 4, 16};
        for (uint64_t size : sizes)
          for (uint32_t w : widths)
            if (all_widths || size == sizes.back() || w == 4)
              add({.size_bytes = size, .vector_width = w});
        break;
      }
      case GP_KERNEL_POINTER_CHASE: {
        const auto sizes = sizes_or(
            full ? geometric(4 * KiB, std::max<uint64_t>(dram, 512 * MiB), 4)
                 : std::vector<uint64_t>{16 * KiB, 256 * KiB, 2 * MiB, 32 * MiB, 512 * MiB});
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
                                         : std::vector<uint64_t>{4 * KiB, 1 * MiB, 64 * MiB});
        for (bool pinned : {false, true})
          for (uint64_t size : sizes) add({.size_bytes = size, .pinned = pinned});
        break;
      }
      case GP_KERNEL_LATENCY_HIDING: {
        // From a single work-item to far more than any device keeps in flight.
        // 128 MiB (past this machine's 105 MiB LLC) keeps the few-work-item points, which
        // read slowly, affordable; quick mode also takes coarser steps.
        const uint64_t size = !options.sizes_bytes.empty() ? options.sizes_bytes.back()
                                                           : std::min<uint64_t>(dram, 128 * MiB);
        const uint64_t top = full ? (uint64_t{1} << 20) : (uint64_t{1} << 18);
        for (uint64_t items = 1; items <= top; items <<= (full ? 1 : 3))
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
      case GP_KERNEL_MATMUL_VENDOR: {
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
        for (const auto& s : shapes) {
          add({.m = s.m, .n = s.n, .k = s.k, .precision = "fp32"});
          if (full && device_has(device, "fp16"))
            add({.m = s.m, .n = s.n, .k = s.k, .precision = "fp16"});
        }
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
