// VkResult -> plugin status. Every failing Vulkan call throws VkError, which the ABI guard
// turns into a gp_status + last_error(); the result code stays attached so the plugin can
// tell a lost device (recreate it for the next run) from other failures.
#pragma once

#include <vulkan/vulkan.h>

#include <string>

#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::vk {

struct VkError : plugin::Error {
  VkError(VkResult r, std::string message);
  VkResult result;
};

const char* result_name(VkResult result);

// Out-of-memory codes map to GP_ERR_OUT_OF_MEMORY, everything else to GP_ERR_DEVICE.
gp_status status_for(VkResult result);

[[noreturn]] void throw_result(VkResult result, const char* call);

inline void check(VkResult result, const char* call) {
  if (result != VK_SUCCESS) throw_result(result, call);
}

}  // namespace gpuprobe::vk
