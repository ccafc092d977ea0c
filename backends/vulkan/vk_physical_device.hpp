// Everything the plugin needs to know about one VkPhysicalDevice, queried once at init:
// properties, limits, features, memory heaps and the compute queue family it will use.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <string>
#include <vector>

#include "vk_cooperative_matrix.hpp"

namespace gpuprobe::vk {

struct PhysicalDevice {
  VkPhysicalDevice handle = VK_NULL_HANDLE;
  uint32_t api_version = 0;  // min(device, instance): what the plugin may use on it

  VkPhysicalDeviceProperties properties{};
  VkPhysicalDeviceMemoryProperties memory{};
  VkPhysicalDeviceFeatures features{};
  std::vector<std::string> extensions;

  // VkPhysicalDeviceDriverProperties (core 1.2 or VK_KHR_driver_properties).
  bool has_driver_properties = false;
  VkDriverId driver_id{};
  std::string driver_name, driver_info;
  VkConformanceVersion conformance{};

  // Core 1.1 properties.
  VkPhysicalDeviceSubgroupProperties subgroup{};
  uint8_t device_uuid[VK_UUID_SIZE]{};  // VkPhysicalDeviceIDProperties
  uint8_t driver_uuid[VK_UUID_SIZE]{};
  // VK_EXT_pci_bus_info: where the device sits, the identity CUDA and OpenCL report too.
  bool has_pci_bus_info = false;
  VkPhysicalDevicePCIBusInfoPropertiesEXT pci{};
  uint64_t max_memory_allocation_size = 0;  // VkPhysicalDeviceMaintenance3Properties

  // Features the kernels need beyond 1.0.
  bool shader_float16 = false;
  bool shader_int8 = false;
  bool storage_buffer_16bit = false;
  // VK_KHR_cooperative_matrix (matmul_tensor); queried only with an instance.
  CooperativeMatrixSupport cooperative_matrix;

  // Compute queue family used for every kernel.
  bool has_compute_queue = false;
  uint32_t queue_family = 0;
  VkQueueFlags queue_flags = 0;
  uint32_t timestamp_valid_bits = 0;

  // Loop iterations one shader invocation may run in total: lavapipe (llvmpipe) ends an
  // invocation silently after 65535 (LP_MAX_TGSI_LOOP_ITERATIONS, shared by all loops of
  // the shader), so kernels keep their per-invocation loops under it; elsewhere unlimited.
  uint64_t max_loop_iterations = UINT64_MAX;

  bool has_extension(const char* name) const;
  // Device timestamps are used when the queue has valid bits and the device promises
  // timestamps on compute queues; otherwise runs fall back to the host clock.
  bool device_timestamps() const {
    return timestamp_valid_bits > 0 && properties.limits.timestampComputeAndGraphics == VK_TRUE;
  }
  // Size of the largest DEVICE_LOCAL heap (the device's own memory).
  uint64_t device_local_bytes() const;
};

// `instance` resolves extension queries (cooperative matrix properties); null skips them.
PhysicalDevice describe_physical_device(VkPhysicalDevice handle, uint32_t instance_api_version,
                                        VkInstance instance = VK_NULL_HANDLE);

}  // namespace gpuprobe::vk
