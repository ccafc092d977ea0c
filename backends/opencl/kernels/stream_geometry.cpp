#include "stream_geometry.hpp"

#include <algorithm>
#include <cstdlib>

namespace gpuprobe::opencl {
namespace {
// TEMPORARY tuning knobs (removed once tuned).
size_t knob(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::strtoull(v, nullptr, 10) : fallback;
}
}  // namespace

StreamGeometry stream_geometry(const DeviceCaps& caps, uint64_t work_items) {
  StreamGeometry g{};
  const bool cpu = caps.is_cpu();
  size_t local = knob("GP_L", cpu ? 64 : 256);
  local = std::min(local, caps.max_work_group_size);
  g.items = static_cast<uint32_t>(knob("GP_ITEMS", 16));
  if (work_items == 0) {
    const size_t groups_per_unit = knob("GP_GPU", cpu ? 4 : 16);
    g.local = local;
    g.global = local * groups_per_unit * caps.compute_units;
  } else {
    size_t l = 1;
    while (l * 2 <= local && work_items % (l * 2) == 0) l *= 2;
    g.local = l;
    g.global = work_items;
  }
  return g;
}

}  // namespace gpuprobe::opencl
