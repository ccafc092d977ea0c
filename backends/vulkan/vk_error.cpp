#include "vk_error.hpp"

namespace gpuprobe::vk {

VkError::VkError(VkResult r, std::string message)
    : plugin::Error(status_for(r), std::move(message)), result(r) {}

const char* result_name(VkResult result) {
  switch (result) {
#define GP_VK_RESULT(name) \
  case name:               \
    return #name;
    GP_VK_RESULT(VK_SUCCESS)
    GP_VK_RESULT(VK_NOT_READY)
    GP_VK_RESULT(VK_TIMEOUT)
    GP_VK_RESULT(VK_EVENT_SET)
    GP_VK_RESULT(VK_EVENT_RESET)
    GP_VK_RESULT(VK_INCOMPLETE)
    GP_VK_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
    GP_VK_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    GP_VK_RESULT(VK_ERROR_INITIALIZATION_FAILED)
    GP_VK_RESULT(VK_ERROR_DEVICE_LOST)
    GP_VK_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
    GP_VK_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
    GP_VK_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
    GP_VK_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
    GP_VK_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
    GP_VK_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
    GP_VK_RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED)
    GP_VK_RESULT(VK_ERROR_FRAGMENTED_POOL)
    GP_VK_RESULT(VK_ERROR_UNKNOWN)
    GP_VK_RESULT(VK_ERROR_OUT_OF_POOL_MEMORY)
    GP_VK_RESULT(VK_ERROR_INVALID_EXTERNAL_HANDLE)
    GP_VK_RESULT(VK_ERROR_FRAGMENTATION)
    GP_VK_RESULT(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
    GP_VK_RESULT(VK_PIPELINE_COMPILE_REQUIRED)
#undef GP_VK_RESULT
    default:
      return "VkResult(unknown)";
  }
}

gp_status status_for(VkResult result) {
  switch (result) {
    case VK_ERROR_OUT_OF_HOST_MEMORY:
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
    case VK_ERROR_OUT_OF_POOL_MEMORY:
    case VK_ERROR_FRAGMENTATION:
    case VK_ERROR_FRAGMENTED_POOL:
      return GP_ERR_OUT_OF_MEMORY;
    default:
      return GP_ERR_DEVICE;
  }
}

void throw_result(VkResult result, const char* call) {
  std::string message = std::string(call) + " failed: " + result_name(result);
  if (result == VK_ERROR_DEVICE_LOST) message += " (the device will be recreated for the next run)";
  throw VkError(result, std::move(message));
}

}  // namespace gpuprobe::vk
