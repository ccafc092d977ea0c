// Vulkan enums and bit masks as the strings gpuprobe reports; where vulkaninfo prints the
// same value, the spelling matches vulkaninfo's (the device-info test compares them).
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <string>

namespace gpuprobe::vk {

// "NVIDIA", "AMD", "Intel", "Mesa", ... from a PCI or Khronos vendor id; hex if unknown.
std::string vendor_name(uint32_t vendor_id);
// "GPU" (discrete), "Integrated GPU", "Virtual GPU", "CPU", "Other".
std::string device_type_name(VkPhysicalDeviceType type);
// "DRIVER_ID_MESA_LLVMPIPE" as vulkaninfo prints it; "DRIVER_ID_<n>" if newer than the headers.
std::string driver_id_name(VkDriverId id);
// "1.3.230" (variant bits ignored, as vulkaninfo does).
std::string api_version_string(uint32_t version);
// driverVersion decoded the way vulkaninfo does for this driver: NVIDIA uses 10.8.8.6
// bits, Intel's Windows driver 18.14, everyone else the Vulkan major.minor.patch scheme.
std::string driver_version_string(uint32_t version, bool has_driver_id, VkDriverId id,
                                  uint32_t vendor_id);
// "6d657361-3232-2e33-2e36-000000000000": 16 bytes as vulkaninfo prints a UUID.
std::string uuid_string(const uint8_t (&bytes)[VK_UUID_SIZE]);
// Space-separated flag names without prefix and _BIT suffix, e.g. "DEVICE_LOCAL HOST_VISIBLE".
std::string memory_property_names(VkMemoryPropertyFlags flags);
std::string memory_heap_names(VkMemoryHeapFlags flags);
std::string shader_stage_names(VkShaderStageFlags flags);
std::string subgroup_operation_names(VkSubgroupFeatureFlags flags);

}  // namespace gpuprobe::vk
