// Storage buffers: one VkBuffer with its own VkDeviceMemory (RAII), chosen by what the host
// does with it. Kernels read and write DeviceLocal buffers; the host reaches them either
// directly (when that memory is also host-visible: integrated GPUs, lavapipe, ReBAR) or
// through a staging buffer and vkCmdCopyBuffer.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "vk_context.hpp"
#include "vk_handles.hpp"

namespace gpuprobe::vk {

enum class MemoryUse {
  DeviceLocal,   // kernels' working set: DEVICE_LOCAL preferred
  Upload,        // host writes, device reads once: HOST_VISIBLE (+COHERENT), not device memory
  Readback,      // device writes, host reads: HOST_VISIBLE, HOST_CACHED preferred
  MappedDevice,  // device memory the host maps: DEVICE_LOCAL + HOST_VISIBLE required
};

// Memory type index for `use` among `type_bits`, or nullopt when none qualifies.
std::optional<uint32_t> find_memory_type(const VkPhysicalDeviceMemoryProperties& memory,
                                         uint32_t type_bits, MemoryUse use);

class Buffer {
 public:
  // Throws VkError (GP_ERR_OUT_OF_MEMORY when the allocation fails).
  Buffer(const Context& context, VkDeviceSize size, MemoryUse use);
  Buffer(Buffer&&) = default;
  Buffer& operator=(Buffer&&) = default;

  VkBuffer get() const { return buffer_.get(); }
  VkDeviceSize size() const { return size_; }
  // Host pointer when the memory is host-visible (mapped for the buffer's lifetime).
  void* mapped() const { return mapped_; }
  uint32_t memory_type() const { return memory_type_; }
  // Make host writes visible to the device / device writes visible to the host; no-ops on
  // coherent memory.
  void flush_host_writes() const;
  void invalidate_for_host_reads() const;

 private:
  VkDevice device_ = VK_NULL_HANDLE;
  VkDeviceSize size_ = 0;
  // Declared before buffer_ so the buffer is destroyed before its memory is freed.
  DeviceMemory memory_;
  BufferHandle buffer_;
  void* mapped_ = nullptr;
  uint32_t memory_type_ = 0;
  bool coherent_ = true;
};

// Let `fill` write the buffer's contents through a host pointer (directly when mapped,
// else into a staging buffer copied over afterwards).
void write_buffer(Context& context, const Buffer& buffer, const std::function<void(void*)>& fill);
// Let `use` read the buffer's contents through a host pointer.
void read_buffer(Context& context, const Buffer& buffer,
                 const std::function<void(const void*)>& use);

// Sets every 32-bit word of the buffer to `word` on the device (vkCmdFillBuffer) and waits:
// the poison that outputs hold before the timed launches (kit::kPoisonWord, NaN bits).
void fill_words(Context& context, const Buffer& buffer, uint32_t word);

}  // namespace gpuprobe::vk
