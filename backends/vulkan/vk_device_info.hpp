// Device capabilities as typed key/values. Keys shared with the OpenCL backend mean the same
// thing (name, vendor, global_mem_bytes, ...); the rest are Vulkan's own. Every value is
// read straight from the driver so it agrees with vulkaninfo for the same device.
#pragma once

#include "gpuprobe/plugin_support.hpp"
#include "vk_physical_device.hpp"

namespace gpuprobe::vk {

void describe_device(const PhysicalDevice& device, plugin::InfoList& info);

}  // namespace gpuprobe::vk
