#include "stream_geometry.hpp"

#include <algorithm>

namespace gpuprobe::opencl {
namespace {
// 256 x 16 vectors per block, measured on PoCL (AVX-512, 2 cores) against other shapes
// (64..256 work-items, 16..64 vectors each): a block spans 64 KiB at uint4 and stays in L2
// while a PoCL thread runs its work-items one after another, and on a GPU every step of a
// block is one coalesced pass of the work-group. Many independent blocks let either kind
// of device balance them over its cores.
constexpr size_t kLocal = 256;
constexpr uint32_t kItems = 16;
}  // namespace

StreamGeometry stream_geometry(const DeviceCaps& caps, uint64_t vectors, uint64_t work_items) {
  StreamGeometry g{};
  g.items = kItems;
  const size_t local = std::min<size_t>(kLocal, caps.max_work_group_size);
  if (work_items == 0) {
    const uint64_t block = uint64_t{local} * kItems;
    const uint64_t groups = std::max<uint64_t>(1, (vectors + block - 1) / block);
    g.local = local;
    g.global = static_cast<size_t>(groups * local);
  } else {
    size_t l = 1;
    while (l * 2 <= local && work_items % (l * 2) == 0) l *= 2;
    g.local = l;
    g.global = static_cast<size_t>(work_items);
  }
  return g;
}

}  // namespace gpuprobe::opencl
