// VK_KHR_cooperative_matrix (matrix units through Vulkan): what matmul_tensor needs from a
// device, queried once at init. Vulkan headers before 1.3.255 (Debian 12 ships 1.3.239) do
// not declare the extension, so its few types are declared here from the registry when
// the headers lack them; the values are fixed by the extension (number 507).
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#ifndef VK_KHR_cooperative_matrix
#define VK_KHR_cooperative_matrix 1
#define VK_KHR_COOPERATIVE_MATRIX_EXTENSION_NAME "VK_KHR_cooperative_matrix"
typedef enum VkComponentTypeKHR {
  VK_COMPONENT_TYPE_FLOAT16_KHR = 0,
  VK_COMPONENT_TYPE_FLOAT32_KHR = 1,
  VK_COMPONENT_TYPE_FLOAT64_KHR = 2,
  VK_COMPONENT_TYPE_SINT8_KHR = 3,
  VK_COMPONENT_TYPE_SINT32_KHR = 5,
  VK_COMPONENT_TYPE_MAX_ENUM_KHR = 0x7FFFFFFF
} VkComponentTypeKHR;
typedef enum VkScopeKHR {
  VK_SCOPE_DEVICE_KHR = 1,
  VK_SCOPE_WORKGROUP_KHR = 2,
  VK_SCOPE_SUBGROUP_KHR = 3,
  VK_SCOPE_QUEUE_FAMILY_KHR = 5,
  VK_SCOPE_MAX_ENUM_KHR = 0x7FFFFFFF
} VkScopeKHR;
typedef struct VkCooperativeMatrixPropertiesKHR {
  VkStructureType sType;
  void* pNext;
  uint32_t MSize;
  uint32_t NSize;
  uint32_t KSize;
  VkComponentTypeKHR AType;
  VkComponentTypeKHR BType;
  VkComponentTypeKHR CType;
  VkComponentTypeKHR ResultType;
  VkBool32 saturatingAccumulation;
  VkScopeKHR scope;
} VkCooperativeMatrixPropertiesKHR;
typedef struct VkPhysicalDeviceCooperativeMatrixFeaturesKHR {
  VkStructureType sType;
  void* pNext;
  VkBool32 cooperativeMatrix;
  VkBool32 cooperativeMatrixRobustBufferAccess;
} VkPhysicalDeviceCooperativeMatrixFeaturesKHR;
typedef VkResult(VKAPI_PTR* PFN_vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR)(
    VkPhysicalDevice physicalDevice, uint32_t* pPropertyCount,
    VkCooperativeMatrixPropertiesKHR* pProperties);
#define VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_KHR \
  static_cast<VkStructureType>(1000506000)
#define VK_STRUCTURE_TYPE_COOPERATIVE_MATRIX_PROPERTIES_KHR static_cast<VkStructureType>(1000506001)
#endif

namespace gpuprobe::vk {

// One matrix-unit operation: C (m x n) += A (m x k) x B (k x n) for one subgroup.
struct CooperativeMatrixShape {
  uint32_t m = 0, n = 0, k = 0;
};

struct CooperativeMatrixSupport {
  bool extension = false;  // the device lists VK_KHR_cooperative_matrix
  bool feature = false;    // ...and its cooperativeMatrix feature
  // The subgroup-scope fp16 x fp16 + fp32 -> fp32 shape matmul_tensor runs (none listed: empty).
  std::optional<CooperativeMatrixShape> fp16_fp32;
  std::string query_error;  // the properties query failed: why
};

// The fp16 A/B, fp32 C/result, subgroup-scope, non-saturating entry of the device's list;
// among several, the one with the most work per operation (m x n x k).
std::optional<CooperativeMatrixShape> pick_fp16_fp32_shape(
    const std::vector<VkCooperativeMatrixPropertiesKHR>& properties);

// Queries the extension, feature and properties (vkGetPhysicalDeviceCooperativeMatrixProperties
// KHR through the instance). Never throws: a failed query is a reason, not an error.
CooperativeMatrixSupport query_cooperative_matrix(VkInstance instance, VkPhysicalDevice device,
                                                  const std::vector<std::string>& extensions,
                                                  uint32_t api_version);

// "" when matmul_tensor can run on `device_name`; else why not, in the user's words:
// "VK_KHR_cooperative_matrix not exposed by llvmpipe (LLVM 15.0.6, 256 bits)".
std::string cooperative_matrix_reason(const CooperativeMatrixSupport& support,
                                      const std::string& device_name, bool shader_in_build);

}  // namespace gpuprobe::vk
