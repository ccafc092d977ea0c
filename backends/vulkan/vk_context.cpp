#include "vk_context.hpp"

#include <vector>

#include "vk_error.hpp"

namespace gpuprobe::vk {
namespace {

// A run that hangs the device should end as an error, not hang the tool: 10 minutes is far
// beyond any batch the sampling policy builds.
constexpr uint64_t kFenceTimeoutNs = 600ull * 1000 * 1000 * 1000;

VkDevice create_logical_device(const PhysicalDevice& physical) {
  const float priority = 1.0f;
  VkDeviceQueueCreateInfo queue_info{};
  queue_info.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
  queue_info.queueFamilyIndex = physical.queue_family;
  queue_info.queueCount = 1;
  queue_info.pQueuePriorities = &priority;

  // Enable exactly the optional features the kernels use and the device has.
  std::vector<const char*> extensions;
  const bool v12 = physical.api_version >= VK_API_VERSION_1_2;
  const bool want_f16i8 = physical.shader_float16 || physical.shader_int8;
  // Chain the fp16/int8 features only where they are core or their extension is enabled.
  const bool chain_f16i8 =
      want_f16i8 && (v12 || physical.has_extension(VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME));
  if (chain_f16i8 && !v12) extensions.push_back(VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
  VkPhysicalDeviceShaderFloat16Int8Features f16i8{};
  f16i8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES;
  f16i8.shaderFloat16 = physical.shader_float16 ? VK_TRUE : VK_FALSE;
  f16i8.shaderInt8 = physical.shader_int8 ? VK_TRUE : VK_FALSE;
  VkPhysicalDevice16BitStorageFeatures storage16{};
  storage16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
  storage16.storageBuffer16BitAccess = physical.storage_buffer_16bit ? VK_TRUE : VK_FALSE;
  storage16.pNext = chain_f16i8 ? &f16i8 : nullptr;
  // matmul_tensor: the extension and its feature, where the device has both.
  VkPhysicalDeviceCooperativeMatrixFeaturesKHR cooperative{};
  cooperative.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_KHR;
  cooperative.cooperativeMatrix = VK_TRUE;
  const bool chain_cooperative =
      physical.cooperative_matrix.extension && physical.cooperative_matrix.feature;
  if (chain_cooperative) {
    extensions.push_back(VK_KHR_COOPERATIVE_MATRIX_EXTENSION_NAME);
    cooperative.pNext = &storage16;
  }
  VkPhysicalDeviceFeatures2 features{};
  features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
  features.pNext = chain_cooperative ? static_cast<void*>(&cooperative) : &storage16;
  features.features.shaderFloat64 = physical.features.shaderFloat64;

  VkDeviceCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
  info.pNext = &features;
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queue_info;
  info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();
  VkDevice device = VK_NULL_HANDLE;
  check(vkCreateDevice(physical.handle, &info, nullptr, &device), "vkCreateDevice");
  return device;
}

}  // namespace

Context::Context(const PhysicalDevice& physical)
    : physical_(physical), device_(create_logical_device(physical)) {
  vkGetDeviceQueue(device_.get(), physical.queue_family, 0, &queue_);
  pool_ = create_command_pool();
  VkFenceCreateInfo fence_info{};
  fence_info.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
  VkFence fence = VK_NULL_HANDLE;
  check(vkCreateFence(device_.get(), &fence_info, nullptr, &fence), "vkCreateFence");
  fence_ = Fence(device_.get(), fence);
}

Context::~Context() {
  // Nothing may still run when the handles go; ignore the result (a lost device is fine).
  if (device_.get() != VK_NULL_HANDLE) vkDeviceWaitIdle(device_.get());
}

CommandPool Context::create_command_pool() const {
  VkCommandPoolCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
  info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  info.queueFamilyIndex = physical_.queue_family;
  VkCommandPool pool = VK_NULL_HANDLE;
  check(vkCreateCommandPool(device_.get(), &info, nullptr, &pool), "vkCreateCommandPool");
  return CommandPool(device_.get(), pool);
}

void Context::submit_and_wait(const VkCommandBuffer* buffers, uint32_t count) {
  VkSubmitInfo submit{};
  submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
  submit.commandBufferCount = count;
  submit.pCommandBuffers = buffers;
  VkFence fence = fence_.get();
  check(vkQueueSubmit(queue_, 1, &submit, fence), "vkQueueSubmit");
  const VkResult waited = vkWaitForFences(device_.get(), 1, &fence, VK_TRUE, kFenceTimeoutNs);
  if (waited == VK_TIMEOUT) {
    // The fence may still signal later: wait for the queue, then reset the fence so the
    // next submission starts from an unsignalled one.
    vkQueueWaitIdle(queue_);
    vkResetFences(device_.get(), 1, &fence);
    throw VkError(VK_TIMEOUT, "vkWaitForFences: the device did not finish within 10 minutes");
  }
  check(waited, "vkWaitForFences");
  check(vkResetFences(device_.get(), 1, &fence), "vkResetFences");
}

void Context::run_once(const std::function<void(VkCommandBuffer)>& record) {
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  allocate_command_buffers(device_.get(), pool_.get(), &cmd, 1);
  struct Release {  // frees the buffer on every path, including exceptions
    VkDevice device;
    VkCommandPool pool;
    VkCommandBuffer cmd;
    ~Release() { vkFreeCommandBuffers(device, pool, 1, &cmd); }
  } release{device_.get(), pool_.get(), cmd};
  VkCommandBufferBeginInfo begin{};
  begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
  record(cmd);
  check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
  submit_and_wait(&cmd, 1);
}

void allocate_command_buffers(VkDevice device, VkCommandPool pool, VkCommandBuffer* out,
                              uint32_t count) {
  VkCommandBufferAllocateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
  info.commandPool = pool;
  info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  info.commandBufferCount = count;
  check(vkAllocateCommandBuffers(device, &info, out), "vkAllocateCommandBuffers");
}

namespace {

VkAccessFlags write_access(VkPipelineStageFlags stages) {
  VkAccessFlags access = 0;
  if (stages & VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT) access |= VK_ACCESS_SHADER_WRITE_BIT;
  if (stages & VK_PIPELINE_STAGE_TRANSFER_BIT) access |= VK_ACCESS_TRANSFER_WRITE_BIT;
  if (stages & VK_PIPELINE_STAGE_HOST_BIT) access |= VK_ACCESS_HOST_WRITE_BIT;
  return access;
}

VkAccessFlags any_access(VkPipelineStageFlags stages) {
  VkAccessFlags access = 0;
  if (stages & VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT)
    access |= VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
  if (stages & VK_PIPELINE_STAGE_TRANSFER_BIT)
    access |= VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  if (stages & VK_PIPELINE_STAGE_HOST_BIT)
    access |= VK_ACCESS_HOST_READ_BIT | VK_ACCESS_HOST_WRITE_BIT;
  return access;
}

}  // namespace

void memory_barrier(VkCommandBuffer cmd, VkPipelineStageFlags src, VkPipelineStageFlags dst) {
  VkMemoryBarrier barrier{};
  barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
  barrier.srcAccessMask = write_access(src);
  barrier.dstAccessMask = any_access(dst);
  vkCmdPipelineBarrier(cmd, src, dst, 0, 1, &barrier, 0, nullptr, 0, nullptr);
}

}  // namespace gpuprobe::vk
