#include "vk_physical_device.hpp"

#include <algorithm>
#include <cstring>

#include "vk_error.hpp"

namespace gpuprobe::vk {

bool PhysicalDevice::has_extension(const char* name) const {
  return std::find(extensions.begin(), extensions.end(), name) != extensions.end();
}

uint64_t PhysicalDevice::device_local_bytes() const {
  uint64_t largest = 0;
  for (uint32_t i = 0; i < memory.memoryHeapCount; ++i)
    if (memory.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
      largest = std::max<uint64_t>(largest, memory.memoryHeaps[i].size);
  return largest;
}

PhysicalDevice describe_physical_device(VkPhysicalDevice handle, uint32_t instance_api_version,
                                        VkInstance instance) {
  PhysicalDevice pd;
  pd.handle = handle;
  vkGetPhysicalDeviceProperties(handle, &pd.properties);
  pd.api_version = std::min(pd.properties.apiVersion, instance_api_version);
  vkGetPhysicalDeviceMemoryProperties(handle, &pd.memory);

  uint32_t count = 0;
  check(vkEnumerateDeviceExtensionProperties(handle, nullptr, &count, nullptr),
        "vkEnumerateDeviceExtensionProperties");
  std::vector<VkExtensionProperties> extensions(count);
  check(vkEnumerateDeviceExtensionProperties(handle, nullptr, &count, extensions.data()),
        "vkEnumerateDeviceExtensionProperties");
  for (const auto& e : extensions) pd.extensions.emplace_back(e.extensionName);

  // A 1.0 device is listed (plain properties only) but runs nothing: the plugin needs 1.1.
  if (pd.api_version < VK_API_VERSION_1_1) {
    vkGetPhysicalDeviceFeatures(handle, &pd.features);
    return pd;
  }

  // Properties: subgroup + maintenance3 are core 1.1 (the plugin's minimum); driver
  // properties are core 1.2 or an extension before that.
  const bool driver_props = pd.api_version >= VK_API_VERSION_1_2 ||
                            pd.has_extension(VK_KHR_DRIVER_PROPERTIES_EXTENSION_NAME);
  VkPhysicalDeviceDriverProperties driver{};
  driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES;
  pd.has_pci_bus_info = pd.has_extension(VK_EXT_PCI_BUS_INFO_EXTENSION_NAME);
  pd.pci.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PCI_BUS_INFO_PROPERTIES_EXT;
  pd.pci.pNext = driver_props ? &driver : nullptr;
  VkPhysicalDeviceIDProperties ids{};
  ids.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_ID_PROPERTIES;
  ids.pNext =
      pd.has_pci_bus_info ? static_cast<void*>(&pd.pci) : (driver_props ? &driver : nullptr);
  VkPhysicalDeviceMaintenance3Properties maintenance3{};
  maintenance3.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES;
  maintenance3.pNext = &ids;
  pd.subgroup.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES;
  pd.subgroup.pNext = &maintenance3;
  VkPhysicalDeviceProperties2 properties2{};
  properties2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
  properties2.pNext = &pd.subgroup;
  vkGetPhysicalDeviceProperties2(handle, &properties2);
  pd.subgroup.pNext = nullptr;
  pd.pci.pNext = nullptr;
  pd.max_memory_allocation_size = maintenance3.maxMemoryAllocationSize;
  std::memcpy(pd.device_uuid, ids.deviceUUID, VK_UUID_SIZE);
  std::memcpy(pd.driver_uuid, ids.driverUUID, VK_UUID_SIZE);
  if (driver_props) {
    pd.has_driver_properties = true;
    pd.driver_id = driver.driverID;
    pd.driver_name = driver.driverName;
    pd.driver_info = driver.driverInfo;
    pd.conformance = driver.conformanceVersion;
  }
  if ((driver_props && pd.driver_id == VK_DRIVER_ID_MESA_LLVMPIPE) ||
      std::strncmp(pd.properties.deviceName, "llvmpipe", 8) == 0)
    pd.max_loop_iterations = 65535;

  // Features: fp16/int8 arithmetic (core 1.2 or VK_KHR_shader_float16_int8) and 16-bit
  // storage (core 1.1).
  const bool float16_int8 = pd.api_version >= VK_API_VERSION_1_2 ||
                            pd.has_extension(VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
  VkPhysicalDeviceShaderFloat16Int8Features f16i8{};
  f16i8.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES;
  VkPhysicalDevice16BitStorageFeatures storage16{};
  storage16.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
  storage16.pNext = float16_int8 ? &f16i8 : nullptr;
  VkPhysicalDeviceFeatures2 features2{};
  features2.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
  features2.pNext = &storage16;
  vkGetPhysicalDeviceFeatures2(handle, &features2);
  pd.features = features2.features;
  pd.shader_float16 = float16_int8 && f16i8.shaderFloat16 == VK_TRUE;
  pd.shader_int8 = float16_int8 && f16i8.shaderInt8 == VK_TRUE;
  pd.storage_buffer_16bit = storage16.storageBuffer16BitAccess == VK_TRUE;
  pd.cooperative_matrix = query_cooperative_matrix(instance, handle, pd.extensions, pd.api_version);

  // Queue: the first compute family with timestamps, else the first compute family.
  vkGetPhysicalDeviceQueueFamilyProperties(handle, &count, nullptr);
  std::vector<VkQueueFamilyProperties> families(count);
  vkGetPhysicalDeviceQueueFamilyProperties(handle, &count, families.data());
  int chosen = -1;
  for (uint32_t i = 0; i < count && chosen < 0; ++i)
    if ((families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) && families[i].timestampValidBits > 0)
      chosen = static_cast<int>(i);
  for (uint32_t i = 0; i < count && chosen < 0; ++i)
    if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) chosen = static_cast<int>(i);
  if (chosen < 0) return pd;  // listed, but supports() refuses every kernel
  pd.has_compute_queue = true;
  pd.queue_family = static_cast<uint32_t>(chosen);
  pd.queue_flags = families[pd.queue_family].queueFlags;
  pd.timestamp_valid_bits = families[pd.queue_family].timestampValidBits;
  return pd;
}

}  // namespace gpuprobe::vk
