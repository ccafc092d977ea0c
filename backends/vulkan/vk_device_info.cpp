#include "vk_device_info.hpp"

#include <cstdio>
#include <string>

#include "vk_names.hpp"

namespace gpuprobe::vk {

void describe_device(const PhysicalDevice& d, plugin::InfoList& info) {
  const VkPhysicalDeviceProperties& p = d.properties;
  const VkPhysicalDeviceLimits& limits = p.limits;

  // Keys shared with the other backends. compute_units is absent: Vulkan does not expose it.
  info.add_string("name", p.deviceName);
  info.add_string("vendor", vendor_name(p.vendorID));
  info.add_int("vendor_id", p.vendorID);
  info.add_int("device_id", p.deviceID);
  info.add_string("device_type", device_type_name(p.deviceType));
  info.add_string("driver_version", driver_version_string(p.driverVersion, d.has_driver_properties,
                                                          d.driver_id, p.vendorID));
  info.add_string("api_version", api_version_string(p.apiVersion));
  info.add_int("global_mem_bytes", static_cast<int64_t>(d.device_local_bytes()), "bytes");
  info.add_int("max_alloc_bytes", static_cast<int64_t>(d.max_memory_allocation_size), "bytes");
  info.add_int("local_mem_bytes", limits.maxComputeSharedMemorySize, "bytes");
  info.add_int("max_work_group_size", limits.maxComputeWorkGroupInvocations);
  info.add_int("subgroup_size", d.subgroup.subgroupSize);
  info.add_bool("fp16", d.shader_float16);
  info.add_bool("fp64", d.features.shaderFloat64 == VK_TRUE);
  info.add_bool("int8", d.shader_int8);
  std::string extensions;
  for (const auto& e : d.extensions) extensions += (extensions.empty() ? "" : " ") + e;
  info.add_string("extensions", extensions);

  // Vulkan's own.
  if (d.has_driver_properties) {
    info.add_string("driver_id", driver_id_name(d.driver_id));
    info.add_string("driver_name", d.driver_name);
    info.add_string("driver_info", d.driver_info);
    const VkConformanceVersion& c = d.conformance;
    info.add_string("conformance_version", std::to_string(c.major) + "." + std::to_string(c.minor) +
                                               "." + std::to_string(c.subminor) + "." +
                                               std::to_string(c.patch));
  }
  // Identity: the same card seen through CUDA or OpenCL reports the same PCI address, and
  // (NVIDIA) the same UUID bytes.
  info.add_string("device_uuid", uuid_string(d.device_uuid));
  info.add_string("driver_uuid", uuid_string(d.driver_uuid));
  if (d.has_pci_bus_info) {
    char bus_id[32];
    std::snprintf(bus_id, sizeof bus_id, "%04x:%02x:%02x.%x", d.pci.pciDomain, d.pci.pciBus,
                  d.pci.pciDevice, d.pci.pciFunction);
    info.add_string("pci_bus_id", bus_id);
  }
  info.add_string("subgroup_supported_stages", shader_stage_names(d.subgroup.supportedStages));
  info.add_string("subgroup_supported_operations",
                  subgroup_operation_names(d.subgroup.supportedOperations));
  static const char* const axis[3] = {"x", "y", "z"};
  for (int i = 0; i < 3; ++i) {
    info.add_int((std::string("max_compute_work_group_size_") + axis[i]).c_str(),
                 limits.maxComputeWorkGroupSize[i]);
  }
  for (int i = 0; i < 3; ++i) {
    info.add_int((std::string("max_compute_work_group_count_") + axis[i]).c_str(),
                 limits.maxComputeWorkGroupCount[i]);
  }
  info.add_int("max_storage_buffer_range", limits.maxStorageBufferRange, "bytes");
  for (uint32_t i = 0; i < d.memory.memoryHeapCount; ++i) {
    const std::string prefix = "memory_heap_" + std::to_string(i);
    info.add_int((prefix + "_bytes").c_str(), static_cast<int64_t>(d.memory.memoryHeaps[i].size),
                 "bytes");
    info.add_string((prefix + "_flags").c_str(), memory_heap_names(d.memory.memoryHeaps[i].flags));
  }
  for (uint32_t i = 0; i < d.memory.memoryTypeCount; ++i) {
    const std::string prefix = "memory_type_" + std::to_string(i);
    info.add_string((prefix + "_flags").c_str(),
                    memory_property_names(d.memory.memoryTypes[i].propertyFlags));
    info.add_int((prefix + "_heap_index").c_str(), d.memory.memoryTypes[i].heapIndex);
  }
  info.add_bool("shader_float16", d.shader_float16);
  info.add_bool("shader_int8", d.shader_int8);
  info.add_bool("shader_float64", d.features.shaderFloat64 == VK_TRUE);
  info.add_bool("shader_int64", d.features.shaderInt64 == VK_TRUE);
  info.add_bool("storage_buffer_16bit_access", d.storage_buffer_16bit);
  // Matrix units reachable from Vulkan (tensor cores, WMMA): the extension is exposed.
  info.add_bool("cooperative_matrix_khr", d.has_extension("VK_KHR_cooperative_matrix"));
  info.add_bool("cooperative_matrix_nv", d.has_extension("VK_NV_cooperative_matrix"));
  info.add_bool("timestamp_compute_and_graphics", limits.timestampComputeAndGraphics == VK_TRUE);
  info.add_float("timestamp_period_ns", limits.timestampPeriod, "ns");
  info.add_int("timestamp_valid_bits", d.timestamp_valid_bits);
  info.add_int("queue_family_index", d.queue_family);
}

}  // namespace gpuprobe::vk
