#include "vk_cooperative_matrix.hpp"

#include <algorithm>

namespace gpuprobe::vk {

std::optional<CooperativeMatrixShape> pick_fp16_fp32_shape(
    const std::vector<VkCooperativeMatrixPropertiesKHR>& properties) {
  std::optional<CooperativeMatrixShape> best;
  for (const auto& p : properties) {
    if (p.AType != VK_COMPONENT_TYPE_FLOAT16_KHR || p.BType != VK_COMPONENT_TYPE_FLOAT16_KHR ||
        p.CType != VK_COMPONENT_TYPE_FLOAT32_KHR || p.ResultType != VK_COMPONENT_TYPE_FLOAT32_KHR ||
        p.scope != VK_SCOPE_SUBGROUP_KHR || p.saturatingAccumulation || p.MSize == 0 ||
        p.NSize == 0 || p.KSize == 0)
      continue;
    const uint64_t work = uint64_t(p.MSize) * p.NSize * p.KSize;
    if (!best || work > uint64_t(best->m) * best->n * best->k) best = {p.MSize, p.NSize, p.KSize};
  }
  return best;
}

CooperativeMatrixSupport query_cooperative_matrix(VkInstance instance, VkPhysicalDevice device,
                                                  const std::vector<std::string>& extensions,
                                                  uint32_t api_version) {
  CooperativeMatrixSupport s;
  s.extension = std::find(extensions.begin(), extensions.end(),
                          VK_KHR_COOPERATIVE_MATRIX_EXTENSION_NAME) != extensions.end();
  if (!s.extension || instance == VK_NULL_HANDLE || api_version < VK_API_VERSION_1_1) return s;

  VkPhysicalDeviceCooperativeMatrixFeaturesKHR cm{};
  cm.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_KHR;
  VkPhysicalDeviceFeatures2 features{};
  features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
  features.pNext = &cm;
  vkGetPhysicalDeviceFeatures2(device, &features);
  s.feature = cm.cooperativeMatrix == VK_TRUE;

  const auto query = reinterpret_cast<PFN_vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR>(
      vkGetInstanceProcAddr(instance, "vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR"));
  if (!query) {
    s.query_error = "vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR not found in the loader";
    return s;
  }
  uint32_t count = 0;
  if (query(device, &count, nullptr) != VK_SUCCESS) {
    s.query_error = "vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR failed";
    return s;
  }
  VkCooperativeMatrixPropertiesKHR blank{};
  blank.sType = VK_STRUCTURE_TYPE_COOPERATIVE_MATRIX_PROPERTIES_KHR;
  std::vector<VkCooperativeMatrixPropertiesKHR> properties(count, blank);
  const VkResult r = query(device, &count, properties.data());
  if (r != VK_SUCCESS && r != VK_INCOMPLETE) {
    s.query_error = "vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR failed";
    return s;
  }
  properties.resize(count);
  s.fp16_fp32 = pick_fp16_fp32_shape(properties);
  return s;
}

std::string cooperative_matrix_reason(const CooperativeMatrixSupport& s,
                                      const std::string& device_name, bool shader_in_build) {
  if (!s.extension) return "VK_KHR_cooperative_matrix not exposed by " + device_name;
  if (!s.feature)
    return "VK_KHR_cooperative_matrix listed by " + device_name +
           " without its cooperativeMatrix feature";
  if (!s.query_error.empty()) return s.query_error + " on " + device_name;
  if (!s.fp16_fp32)
    return device_name +
           " lists no subgroup fp16 x fp16 + fp32 -> fp32 cooperative matrix "
           "(vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR)";
  if (!shader_in_build)
    return "this build's glslc could not compile GL_KHR_cooperative_matrix (shaders/"
           "matmul_tensor.comp needs glslang 13 / shaderc 2023.6 or newer): rebuild with a newer "
           "glslc";
  return {};
}

}  // namespace gpuprobe::vk
