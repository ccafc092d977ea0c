#include "vk_names.hpp"

#include <cstdio>
#include <utility>

namespace gpuprobe::vk {
namespace {

template <size_t N>
std::string flag_names(uint32_t flags, const std::pair<uint32_t, const char*> (&table)[N]) {
  std::string out;
  for (const auto& [bit, name] : table) {
    if (!(flags & bit)) continue;
    if (!out.empty()) out += ' ';
    out += name;
    flags &= ~bit;
  }
  if (flags != 0) {  // bits newer than this table: still shown, never silently dropped
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%x", flags);
    if (!out.empty()) out += ' ';
    out += hex;
  }
  return out;
}

}  // namespace

std::string vendor_name(uint32_t vendor_id) {
  switch (vendor_id) {
    case 0x1002:
      return "AMD";
    case 0x1010:
      return "ImgTec";
    case 0x106B:
      return "Apple";
    case 0x10DE:
      return "NVIDIA";
    case 0x13B5:
      return "ARM";
    case 0x144D:
      return "Samsung";
    case 0x14E4:
      return "Broadcom";
    case 0x1AE0:
      return "Google";
    case 0x5143:
      return "Qualcomm";
    case 0x8086:
      return "Intel";
    // Khronos vendor ids (VkVendorId) for drivers without a PCI id.
    case VK_VENDOR_ID_VIV:
      return "Vivante";
    case VK_VENDOR_ID_VSI:
      return "VeriSilicon";
    case VK_VENDOR_ID_KAZAN:
      return "Kazan";
    case VK_VENDOR_ID_CODEPLAY:
      return "Codeplay";
    case VK_VENDOR_ID_MESA:
      return "Mesa";
    case VK_VENDOR_ID_POCL:
      return "PoCL";
    case 0x10007:
      return "Mobileye";  // VK_VENDOR_ID_MOBILEYE, newer than some headers
    default: {
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%04x", vendor_id);
      return hex;
    }
  }
}

std::string device_type_name(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return "GPU";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return "Integrated GPU";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return "Virtual GPU";
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return "CPU";
    default:
      return "Other";
  }
}

std::string driver_id_name(VkDriverId id) {
  switch (id) {
#define GP_DRIVER(name)     \
  case VK_DRIVER_ID_##name: \
    return "DRIVER_ID_" #name;
    GP_DRIVER(AMD_PROPRIETARY)
    GP_DRIVER(AMD_OPEN_SOURCE)
    GP_DRIVER(MESA_RADV)
    GP_DRIVER(NVIDIA_PROPRIETARY)
    GP_DRIVER(INTEL_PROPRIETARY_WINDOWS)
    GP_DRIVER(INTEL_OPEN_SOURCE_MESA)
    GP_DRIVER(IMAGINATION_PROPRIETARY)
    GP_DRIVER(QUALCOMM_PROPRIETARY)
    GP_DRIVER(ARM_PROPRIETARY)
    GP_DRIVER(GOOGLE_SWIFTSHADER)
    GP_DRIVER(GGP_PROPRIETARY)
    GP_DRIVER(BROADCOM_PROPRIETARY)
    GP_DRIVER(MESA_LLVMPIPE)
    GP_DRIVER(MOLTENVK)
    GP_DRIVER(COREAVI_PROPRIETARY)
    GP_DRIVER(JUICE_PROPRIETARY)
    GP_DRIVER(VERISILICON_PROPRIETARY)
    GP_DRIVER(MESA_TURNIP)
    GP_DRIVER(MESA_V3DV)
    GP_DRIVER(MESA_PANVK)
    GP_DRIVER(SAMSUNG_PROPRIETARY)
    GP_DRIVER(MESA_VENUS)
    GP_DRIVER(MESA_DOZEN)
    GP_DRIVER(MESA_NVK)
    GP_DRIVER(IMAGINATION_OPEN_SOURCE_MESA)
#undef GP_DRIVER
    default:
      return "DRIVER_ID_" + std::to_string(static_cast<int>(id));
  }
}

std::string api_version_string(uint32_t version) {
  return std::to_string(VK_API_VERSION_MAJOR(version)) + "." +
         std::to_string(VK_API_VERSION_MINOR(version)) + "." +
         std::to_string(VK_API_VERSION_PATCH(version));
}

std::string driver_version_string(uint32_t v, bool has_driver_id, VkDriverId id,
                                  uint32_t vendor_id) {
  // Same decision as vulkaninfo's GetDriverVersionString (which, lacking driver properties,
  // tests deviceID against NVIDIA's vendor id; gpuprobe tests the vendor id itself).
  const bool nvidia = has_driver_id ? id == VK_DRIVER_ID_NVIDIA_PROPRIETARY : vendor_id == 0x10DE;
  if (nvidia)
    return std::to_string((v >> 22) & 0x3ff) + "." + std::to_string((v >> 14) & 0x0ff) + "." +
           std::to_string((v >> 6) & 0x0ff) + "." + std::to_string(v & 0x003f);
  if (has_driver_id && id == VK_DRIVER_ID_INTEL_PROPRIETARY_WINDOWS)
    return std::to_string(v >> 14) + "." + std::to_string(v & 0x3fff);
  return api_version_string(v);
}

std::string uuid_string(const uint8_t (&bytes)[VK_UUID_SIZE]) {
  std::string out;
  char hex[3];
  for (uint32_t i = 0; i < VK_UUID_SIZE; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
    out += hex;
  }
  return out;
}

std::string memory_property_names(VkMemoryPropertyFlags flags) {
  static const std::pair<uint32_t, const char*> table[] = {
      {VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, "DEVICE_LOCAL"},
      {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT, "HOST_VISIBLE"},
      {VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, "HOST_COHERENT"},
      {VK_MEMORY_PROPERTY_HOST_CACHED_BIT, "HOST_CACHED"},
      {VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT, "LAZILY_ALLOCATED"},
      {VK_MEMORY_PROPERTY_PROTECTED_BIT, "PROTECTED"},
      {VK_MEMORY_PROPERTY_DEVICE_COHERENT_BIT_AMD, "DEVICE_COHERENT_AMD"},
      {VK_MEMORY_PROPERTY_DEVICE_UNCACHED_BIT_AMD, "DEVICE_UNCACHED_AMD"},
      {VK_MEMORY_PROPERTY_RDMA_CAPABLE_BIT_NV, "RDMA_CAPABLE_NV"},
  };
  return flag_names(flags, table);
}

std::string memory_heap_names(VkMemoryHeapFlags flags) {
  static const std::pair<uint32_t, const char*> table[] = {
      {VK_MEMORY_HEAP_DEVICE_LOCAL_BIT, "DEVICE_LOCAL"},
      {VK_MEMORY_HEAP_MULTI_INSTANCE_BIT, "MULTI_INSTANCE"},
  };
  return flag_names(flags, table);
}

std::string shader_stage_names(VkShaderStageFlags flags) {
  static const std::pair<uint32_t, const char*> table[] = {
      {VK_SHADER_STAGE_VERTEX_BIT, "VERTEX"},
      {VK_SHADER_STAGE_TESSELLATION_CONTROL_BIT, "TESSELLATION_CONTROL"},
      {VK_SHADER_STAGE_TESSELLATION_EVALUATION_BIT, "TESSELLATION_EVALUATION"},
      {VK_SHADER_STAGE_GEOMETRY_BIT, "GEOMETRY"},
      {VK_SHADER_STAGE_FRAGMENT_BIT, "FRAGMENT"},
      {VK_SHADER_STAGE_COMPUTE_BIT, "COMPUTE"},
      {VK_SHADER_STAGE_TASK_BIT_EXT, "TASK"},
      {VK_SHADER_STAGE_MESH_BIT_EXT, "MESH"},
      {VK_SHADER_STAGE_RAYGEN_BIT_KHR, "RAYGEN"},
      {VK_SHADER_STAGE_ANY_HIT_BIT_KHR, "ANY_HIT"},
      {VK_SHADER_STAGE_CLOSEST_HIT_BIT_KHR, "CLOSEST_HIT"},
      {VK_SHADER_STAGE_MISS_BIT_KHR, "MISS"},
      {VK_SHADER_STAGE_INTERSECTION_BIT_KHR, "INTERSECTION"},
      {VK_SHADER_STAGE_CALLABLE_BIT_KHR, "CALLABLE"},
  };
  return flag_names(flags, table);
}

std::string subgroup_operation_names(VkSubgroupFeatureFlags flags) {
  static const std::pair<uint32_t, const char*> table[] = {
      {VK_SUBGROUP_FEATURE_BASIC_BIT, "BASIC"},
      {VK_SUBGROUP_FEATURE_VOTE_BIT, "VOTE"},
      {VK_SUBGROUP_FEATURE_ARITHMETIC_BIT, "ARITHMETIC"},
      {VK_SUBGROUP_FEATURE_BALLOT_BIT, "BALLOT"},
      {VK_SUBGROUP_FEATURE_SHUFFLE_BIT, "SHUFFLE"},
      {VK_SUBGROUP_FEATURE_SHUFFLE_RELATIVE_BIT, "SHUFFLE_RELATIVE"},
      {VK_SUBGROUP_FEATURE_CLUSTERED_BIT, "CLUSTERED"},
      {VK_SUBGROUP_FEATURE_QUAD_BIT, "QUAD"},
      {VK_SUBGROUP_FEATURE_PARTITIONED_BIT_NV, "PARTITIONED_NV"},
  };
  return flag_names(flags, table);
}

}  // namespace gpuprobe::vk
