// RAII wrappers, one per Vulkan handle type, so no error path can leak a handle (the flaw
// of clpeak's Vulkan tests). Objects owned by a VkDevice share one template: the handle,
// its device and the matching vkDestroy* function; each `using` below is the wrapper for
// one handle type. VkInstance, VkDevice, VkDebugUtilsMessengerEXT and buffers (VkBuffer +
// VkDeviceMemory) have their own classes in vk_instance.hpp, vk_context.hpp, vk_buffer.hpp.
#pragma once

#include <vulkan/vulkan.h>

#include <utility>

namespace gpuprobe::vk {

template <typename Handle, void (*Destroy)(VkDevice, Handle, const VkAllocationCallbacks*)>
class DeviceObject {
 public:
  DeviceObject() = default;
  DeviceObject(VkDevice device, Handle handle) : device_(device), handle_(handle) {}
  ~DeviceObject() { reset(); }
  DeviceObject(DeviceObject&& other) noexcept
      : device_(other.device_), handle_(std::exchange(other.handle_, VK_NULL_HANDLE)) {}
  DeviceObject& operator=(DeviceObject&& other) noexcept {
    if (this != &other) {
      reset();
      device_ = other.device_;
      handle_ = std::exchange(other.handle_, VK_NULL_HANDLE);
    }
    return *this;
  }
  DeviceObject(const DeviceObject&) = delete;
  DeviceObject& operator=(const DeviceObject&) = delete;

  Handle get() const { return handle_; }
  explicit operator bool() const { return handle_ != VK_NULL_HANDLE; }
  void reset() {
    if (handle_ != VK_NULL_HANDLE) Destroy(device_, handle_, nullptr);
    handle_ = VK_NULL_HANDLE;
  }

 private:
  VkDevice device_ = VK_NULL_HANDLE;
  Handle handle_ = VK_NULL_HANDLE;
};

using ShaderModule = DeviceObject<VkShaderModule, vkDestroyShaderModule>;
using DescriptorSetLayout = DeviceObject<VkDescriptorSetLayout, vkDestroyDescriptorSetLayout>;
using PipelineLayout = DeviceObject<VkPipelineLayout, vkDestroyPipelineLayout>;
using Pipeline = DeviceObject<VkPipeline, vkDestroyPipeline>;
// Destroying the pool frees the descriptor sets allocated from it.
using DescriptorPool = DeviceObject<VkDescriptorPool, vkDestroyDescriptorPool>;
// Destroying the pool frees the command buffers allocated from it.
using CommandPool = DeviceObject<VkCommandPool, vkDestroyCommandPool>;
using Fence = DeviceObject<VkFence, vkDestroyFence>;
using QueryPool = DeviceObject<VkQueryPool, vkDestroyQueryPool>;
using DeviceMemory = DeviceObject<VkDeviceMemory, vkFreeMemory>;
using BufferHandle = DeviceObject<VkBuffer, vkDestroyBuffer>;

}  // namespace gpuprobe::vk
