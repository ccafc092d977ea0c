// Host <-> device transfers (transfer_h2d, transfer_d2h), size_bytes per transfer.
//
// Pinned (GP_FLAG_PINNED): the host touches device memory through a mapping. Where the
// device has DEVICE_LOCAL + HOST_VISIBLE memory large enough (integrated GPUs, lavapipe,
// resizable BAR) a transfer is a memcpy into / out of that mapping, host-timed. Elsewhere
// the pinned buffer is host-visible system memory and the device's copy engine moves it
// with vkCmdCopyBuffer, timed with timestamps (CUDA's pinned cudaMemcpy, in Vulkan terms).
// Pageable (no flag): the data lives in plain malloc'd memory; a transfer is what a user
// waits for: memcpy into a staging buffer + vkCmdCopyBuffer + fence (h2d), or the reverse.
#include <chrono>
#include <cstring>
#include <memory>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/reference.hpp"
#include "kernel_common.hpp"
#include "vk_buffer.hpp"
#include "vk_error.hpp"

namespace gpuprobe::vk {
namespace {

constexpr uint64_t kGranularity = 4;  // whole 32-bit words

struct Words {
  explicit Words(uint64_t count) : data(new uint32_t[count]), count(count) {}
  std::unique_ptr<uint32_t[]> data;  // plain heap (pageable) memory
  uint64_t count;
};

void record_copy(VkCommandBuffer cmd, const Buffer& from, const Buffer& to) {
  VkBufferCopy region{0, 0, from.size()};
  vkCmdCopyBuffer(cmd, from.get(), to.get(), 1, &region);
}

// Device-local host-visible memory large enough for `bytes`?
bool has_mapped_device_memory(const PhysicalDevice& physical, uint64_t bytes) {
  for (uint32_t i = 0; i < physical.memory.memoryTypeCount; ++i) {
    const auto& type = physical.memory.memoryTypes[i];
    const VkMemoryPropertyFlags need =
        VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT | VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
    if ((type.propertyFlags & need) == need &&
        physical.memory.memoryHeaps[type.heapIndex].size / 4 * 3 >= bytes)
      return true;
  }
  return false;
}

template <typename Fn>
double host_seconds(Fn&& fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void check_words(KernelRun& run, const uint32_t* words, uint64_t count, const char* where) {
  const uint64_t bad = reference::first_random_mismatch(words, count, run.params.seed);
  if (bad == count)
    verification_passed(run);
  else
    verification_failed(
        run, std::string(where) + " word " + std::to_string(bad) + " differs from the data sent");
}

gp_status mapped_transfer(KernelRun& run, bool to_device, uint64_t bytes) {
  const uint64_t count = bytes / 4;
  Buffer device(run.context, bytes, MemoryUse::MappedDevice);
  Words host(count);
  auto* mapped = static_cast<uint32_t*>(device.mapped());
  if (to_device) {
    reference::fill_random_words(host.data.get(), count, run.params.seed);
  } else {
    reference::fill_random_words(mapped, count, run.params.seed);
    device.flush_host_writes();
  }
  run.result.timer = GP_TIMER_HOST;
  plugin::append_note(&run.result, "pinned: memcpy through a mapping of device-local memory");
  const gp_status status = plugin::collect_samples(&run.params, &run.result, [&](uint32_t n) {
    return host_seconds([&] {
      for (uint32_t i = 0; i < n; ++i) {
        if (to_device) {
          std::memcpy(mapped, host.data.get(), bytes);
          device.flush_host_writes();
        } else {
          device.invalidate_for_host_reads();
          std::memcpy(host.data.get(), mapped, bytes);
        }
      }
    });
  });
  if (status != GP_OK) return status;
  if (to_device) {
    device.invalidate_for_host_reads();
    check_words(run, mapped, count, "device");
  } else {
    check_words(run, host.data.get(), count, "host");
  }
  return GP_OK;
}

gp_status dma_transfer(KernelRun& run, bool to_device, uint64_t bytes) {
  const uint64_t count = bytes / 4;
  Buffer device(run.context, bytes, MemoryUse::DeviceLocal);
  Buffer pinned(run.context, bytes, to_device ? MemoryUse::Upload : MemoryUse::Readback);
  if (to_device) {
    reference::fill_random_words(static_cast<uint32_t*>(pinned.mapped()), count, run.params.seed);
    pinned.flush_host_writes();
  } else {
    write_buffer(run.context, device, [&](void* p) {
      reference::fill_random_words(static_cast<uint32_t*>(p), count, run.params.seed);
    });
  }
  const Buffer& from = to_device ? pinned : device;
  const Buffer& to = to_device ? device : pinned;
  BatchTimer timer(
      run.context, [&](VkCommandBuffer cmd) { record_copy(cmd, from, to); },
      VK_PIPELINE_STAGE_TRANSFER_BIT);
  plugin::append_note(&run.result,
                      "pinned: vkCmdCopyBuffer between host-visible and device-local memory");
  if (const gp_status s = collect(run, timer); s != GP_OK) return s;
  if (to_device) {
    read_buffer(run.context, device, [&](const void* p) {
      check_words(run, static_cast<const uint32_t*>(p), count, "device");
    });
  } else {
    pinned.invalidate_for_host_reads();
    check_words(run, static_cast<const uint32_t*>(pinned.mapped()), count, "host");
  }
  return GP_OK;
}

gp_status pageable_transfer(KernelRun& run, bool to_device, uint64_t bytes) {
  const uint64_t count = bytes / 4;
  Buffer device(run.context, bytes, MemoryUse::DeviceLocal);
  Buffer staging(run.context, bytes, to_device ? MemoryUse::Upload : MemoryUse::Readback);
  Words host(count);
  if (to_device) {
    reference::fill_random_words(host.data.get(), count, run.params.seed);
  } else {
    write_buffer(run.context, device, [&](void* p) {
      reference::fill_random_words(static_cast<uint32_t*>(p), count, run.params.seed);
    });
  }
  CommandPool pool = run.context.create_command_pool();
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  allocate_command_buffers(run.context.device(), pool.get(), &cmd, 1);
  VkCommandBufferBeginInfo begin{};
  begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
  memory_barrier(cmd, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT);
  if (to_device)
    record_copy(cmd, staging, device);
  else
    record_copy(cmd, device, staging);
  memory_barrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT);
  check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");

  auto* staged = static_cast<uint32_t*>(staging.mapped());
  run.result.timer = GP_TIMER_HOST;
  plugin::append_note(&run.result, "pageable: malloc'd memory through a staging buffer");
  const gp_status status = plugin::collect_samples(&run.params, &run.result, [&](uint32_t n) {
    return host_seconds([&] {
      for (uint32_t i = 0; i < n; ++i) {
        if (to_device) {
          std::memcpy(staged, host.data.get(), bytes);
          staging.flush_host_writes();
          run.context.submit_and_wait(&cmd, 1);
        } else {
          run.context.submit_and_wait(&cmd, 1);
          staging.invalidate_for_host_reads();
          std::memcpy(host.data.get(), staged, bytes);
        }
      }
    });
  });
  if (status != GP_OK) return status;
  if (to_device) {
    read_buffer(run.context, device, [&](const void* p) {
      check_words(run, static_cast<const uint32_t*>(p), count, "device");
    });
  } else {
    check_words(run, host.data.get(), count, "host");
  }
  return GP_OK;
}

}  // namespace

gp_status run_transfer(KernelRun& run) {
  const bool to_device = run.params.kernel == GP_KERNEL_TRANSFER_H2D;
  const bool pinned = (run.params.flags & GP_FLAG_PINNED) != 0;
  // Pageable runs hold the device buffer and a staging buffer of the same size.
  const uint64_t bytes = clamp_working_set(run, run.params.size_bytes, pinned ? 1 : 2,
                                           Binding::TransferOnly, kGranularity);
  run.result.size_bytes = bytes;
  run.result.work_items = 1;
  run.result.work_per_iteration = double(bytes);
  if (!pinned) return pageable_transfer(run, to_device, bytes);
  if (has_mapped_device_memory(run.physical(), bytes))
    return mapped_transfer(run, to_device, bytes);
  return dma_transfer(run, to_device, bytes);
}

}  // namespace gpuprobe::vk
