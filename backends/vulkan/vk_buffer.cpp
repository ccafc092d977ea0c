#include "vk_buffer.hpp"

#include <bit>
#include <cstdio>

#include "kit/sizes.hpp"
#include "vk_error.hpp"

namespace gpuprobe::vk {
namespace {

struct Preference {
  VkMemoryPropertyFlags required, preferred, avoided;
};

Preference preference_for(MemoryUse use) {
  switch (use) {
    case MemoryUse::DeviceLocal:
      return {0, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0};
    case MemoryUse::Upload:
      // Staging in host memory keeps small device-local BAR windows free.
      return {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT, VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
              VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT};
    case MemoryUse::Readback:
      // Uncached (write-combined) memory makes host reads crawl.
      return {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT,
              VK_MEMORY_PROPERTY_HOST_CACHED_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
              VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT};
    case MemoryUse::MappedDevice:
      return {VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT | VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT,
              VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, 0};
  }
  return {0, 0, 0};
}

const char* use_name(MemoryUse use) {
  switch (use) {
    case MemoryUse::DeviceLocal:
      return "device-local";
    case MemoryUse::Upload:
      return "upload staging";
    case MemoryUse::Readback:
      return "readback staging";
    case MemoryUse::MappedDevice:
      return "mapped device-local";
  }
  return "";
}

}  // namespace

std::optional<uint32_t> find_memory_type(const VkPhysicalDeviceMemoryProperties& memory,
                                         uint32_t type_bits, MemoryUse use) {
  const Preference p = preference_for(use);
  std::optional<uint32_t> best;
  int best_score = 0;
  for (uint32_t i = 0; i < memory.memoryTypeCount; ++i) {
    if (!(type_bits & (1u << i))) continue;
    const VkMemoryPropertyFlags flags = memory.memoryTypes[i].propertyFlags;
    if ((flags & p.required) != p.required) continue;
    const int score = std::popcount(flags & p.preferred) - std::popcount(flags & p.avoided);
    if (!best || score > best_score) {
      best = i;
      best_score = score;
    }
  }
  return best;
}

Buffer::Buffer(const Context& context, VkDeviceSize size, MemoryUse use)
    : device_(context.device()), size_(size) {
  VkBufferCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
  info.size = size;
  info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
               VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkBuffer buffer = VK_NULL_HANDLE;
  check(vkCreateBuffer(device_, &info, nullptr, &buffer), "vkCreateBuffer");
  buffer_ = BufferHandle(device_, buffer);

  VkMemoryRequirements requirements{};
  vkGetBufferMemoryRequirements(device_, buffer, &requirements);
  const auto& memory = context.physical().memory;
  const auto type = find_memory_type(memory, requirements.memoryTypeBits, use);
  if (!type)
    throw VkError(VK_ERROR_FEATURE_NOT_PRESENT,
                  std::string("no memory type for a ") + use_name(use) + " buffer");
  memory_type_ = *type;
  const VkMemoryPropertyFlags flags = memory.memoryTypes[memory_type_].propertyFlags;
  coherent_ = (flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) != 0;

  VkMemoryAllocateInfo allocate{};
  allocate.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  allocate.allocationSize = requirements.size;
  allocate.memoryTypeIndex = memory_type_;
  VkDeviceMemory device_memory = VK_NULL_HANDLE;
  const VkResult allocated = vkAllocateMemory(device_, &allocate, nullptr, &device_memory);
  if (allocated != VK_SUCCESS)
    throw VkError(allocated, "vkAllocateMemory(" + kit::format_bytes(requirements.size) + ", " +
                                 use_name(use) + ") failed: " + result_name(allocated));
  memory_ = DeviceMemory(device_, device_memory);
  check(vkBindBufferMemory(device_, buffer, device_memory, 0), "vkBindBufferMemory");
  if (flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)
    check(vkMapMemory(device_, device_memory, 0, VK_WHOLE_SIZE, 0, &mapped_), "vkMapMemory");
}

void Buffer::flush_host_writes() const {
  if (coherent_ || mapped_ == nullptr) return;
  VkMappedMemoryRange range{};
  range.sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE;
  range.memory = memory_.get();
  range.size = VK_WHOLE_SIZE;
  check(vkFlushMappedMemoryRanges(device_, 1, &range), "vkFlushMappedMemoryRanges");
}

void Buffer::invalidate_for_host_reads() const {
  if (coherent_ || mapped_ == nullptr) return;
  VkMappedMemoryRange range{};
  range.sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE;
  range.memory = memory_.get();
  range.size = VK_WHOLE_SIZE;
  check(vkInvalidateMappedMemoryRanges(device_, 1, &range), "vkInvalidateMappedMemoryRanges");
}

void write_buffer(Context& context, const Buffer& buffer, const std::function<void(void*)>& fill) {
  if (buffer.mapped()) {
    fill(buffer.mapped());
    buffer.flush_host_writes();
    return;
  }
  Buffer staging(context, buffer.size(), MemoryUse::Upload);
  fill(staging.mapped());
  staging.flush_host_writes();
  context.run_once([&](VkCommandBuffer cmd) {
    memory_barrier(cmd, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT, kDeviceStages);
    VkBufferCopy region{0, 0, buffer.size()};
    vkCmdCopyBuffer(cmd, staging.get(), buffer.get(), 1, &region);
  });
}

void read_buffer(Context& context, const Buffer& buffer,
                 const std::function<void(const void*)>& use) {
  if (buffer.mapped()) {
    buffer.invalidate_for_host_reads();
    use(buffer.mapped());
    return;
  }
  Buffer staging(context, buffer.size(), MemoryUse::Readback);
  context.run_once([&](VkCommandBuffer cmd) {
    memory_barrier(cmd, kDeviceStages, kDeviceStages);
    VkBufferCopy region{0, 0, buffer.size()};
    vkCmdCopyBuffer(cmd, buffer.get(), staging.get(), 1, &region);
    memory_barrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT);
  });
  staging.invalidate_for_host_reads();
  use(staging.mapped());
}

void fill_words(Context& context, const Buffer& buffer, uint32_t word) {
  context.run_once([&](VkCommandBuffer cmd) {
    memory_barrier(cmd, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT);
    vkCmdFillBuffer(cmd, buffer.get(), 0, VK_WHOLE_SIZE, word);
    memory_barrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT);
  });
}

}  // namespace gpuprobe::vk
