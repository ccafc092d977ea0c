// One logical device on one physical device: the compute queue, a command pool and a fence
// for one-off work, and helpers to submit and wait. Created lazily on the first run on a
// device and dropped after VK_ERROR_DEVICE_LOST so the next run starts on a fresh device.
#pragma once

#include <vulkan/vulkan.h>

#include <functional>

#include "vk_handles.hpp"
#include "vk_physical_device.hpp"

namespace gpuprobe::vk {

// RAII VkDevice.
class Device {
 public:
  Device() = default;
  explicit Device(VkDevice device) : device_(device) {}
  ~Device() {
    if (device_ != VK_NULL_HANDLE) vkDestroyDevice(device_, nullptr);
  }
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;
  VkDevice get() const { return device_; }

 private:
  VkDevice device_ = VK_NULL_HANDLE;
};

class Context {
 public:
  explicit Context(const PhysicalDevice& physical);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const PhysicalDevice& physical() const { return physical_; }
  VkDevice device() const { return device_.get(); }
  VkQueue queue() const { return queue_; }

  // Submit command buffers in one vkQueueSubmit and block until they completed.
  void submit_and_wait(const VkCommandBuffer* buffers, uint32_t count);
  // Record with `record` into a one-time command buffer, submit, wait.
  void run_once(const std::function<void(VkCommandBuffer)>& record);
  // A command pool for the queue family (the caller owns it; buffers die with it).
  CommandPool create_command_pool() const;

 private:
  const PhysicalDevice& physical_;
  // Declared first so it is destroyed last: everything below belongs to it.
  Device device_;
  VkQueue queue_ = VK_NULL_HANDLE;
  CommandPool pool_;
  Fence fence_;
};

// Allocate `count` primary command buffers from `pool`.
void allocate_command_buffers(VkDevice device, VkCommandPool pool, VkCommandBuffer* out,
                              uint32_t count);

// Memory barrier: writes made in the `src` stages (compute shader, transfer, host) become
// visible to reads and writes in the `dst` stages. Used between dispatches of a batch,
// before the first (work of earlier submissions and host writes) and after the last
// (results the host reads after the fence).
void memory_barrier(VkCommandBuffer cmd, VkPipelineStageFlags src, VkPipelineStageFlags dst);

constexpr VkPipelineStageFlags kDeviceStages =
    VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;

}  // namespace gpuprobe::vk
