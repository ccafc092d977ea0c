#include "device_info.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sstream>
#include <type_traits>

#include "cl_handles.hpp"
#include "cl_query.hpp"

namespace gpuprobe::opencl {
namespace {

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream stream(text);
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

// OpenCL C 3.0 optional features (__opencl_c_fp64, ...); empty on 1.x/2.x drivers.
std::vector<std::string> c_features(cl_device_id device) {
  std::vector<std::string> names;
  auto features = try_device_array<cl_name_version>(device, CL_DEVICE_OPENCL_C_FEATURES);
  if (features)
    for (const auto& f : *features) names.emplace_back(f.name);
  return names;
}

// Joins with a separator (appending piecewise: GCC 12 warns falsely on `a + b` here).
template <typename List>
std::string join(const List& items, const char* separator) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += separator;
    if constexpr (std::is_same_v<std::decay_t<decltype(item)>, std::string>)
      text += item;
    else
      text += std::to_string(item);
  }
  return text;
}

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Kernel-level facts that older drivers only report for a built kernel: the preferred
// work-group multiple (a device query only since OpenCL 3.0) and the sub-group size
// under cl_khr_subgroups. Built only when a device needs it; any failure leaves the key out.
struct ProbeKernelFacts {
  std::optional<size_t> preferred_multiple;
  std::optional<size_t> subgroup_size;
};

ProbeKernelFacts probe_kernel(cl_platform_id platform, cl_device_id device, const DeviceCaps& caps,
                              bool want_multiple, bool want_subgroup) {
  ProbeKernelFacts facts;
  cl_int err = CL_SUCCESS;
  const cl_context_properties props[] = {CL_CONTEXT_PLATFORM,
                                         reinterpret_cast<cl_context_properties>(platform), 0};
  Context context(clCreateContext(props, 1, &device, nullptr, nullptr, &err));
  if (err != CL_SUCCESS) return facts;
  const char* source = "kernel void probe(global int* out) { out[get_global_id(0)] = 0; }";
  Program program(clCreateProgramWithSource(context.get(), 1, &source, nullptr, &err));
  if (err != CL_SUCCESS || clBuildProgram(program.get(), 1, &device, "", nullptr, nullptr))
    return facts;
  Kernel kernel(clCreateKernel(program.get(), "probe", &err));
  if (err != CL_SUCCESS) return facts;
  size_t value = 0;
  if (want_multiple &&
      clGetKernelWorkGroupInfo(kernel.get(), device, CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE,
                               sizeof value, &value, nullptr) == CL_SUCCESS)
    facts.preferred_multiple = value;
  if (want_subgroup) {
    // Core since 2.1; before that only through the extension's entry point.
    using SubGroupInfoFn = cl_int(CL_API_CALL*)(cl_kernel, cl_device_id, cl_kernel_sub_group_info,
                                                size_t, const void*, size_t, void*, size_t*);
    SubGroupInfoFn fn =
        caps.at_least(2, 1)
            ? &clGetKernelSubGroupInfo
            : reinterpret_cast<SubGroupInfoFn>(
                  clGetExtensionFunctionAddressForPlatform(platform, "clGetKernelSubGroupInfoKHR"));
    const size_t local = std::min<size_t>(caps.max_work_group_size, 256);
    if (fn &&
        fn(kernel.get(), device, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE, sizeof local, &local,
           sizeof value, &value, nullptr) == CL_SUCCESS &&
        value > 0)
      facts.subgroup_size = value;
  }
  return facts;
}

}  // namespace

bool DeviceCaps::has_extension(const std::string& ext) const { return contains(extensions, ext); }

std::string device_type_name(cl_device_type type) {
  if (type & CL_DEVICE_TYPE_GPU) return "GPU";
  if (type & CL_DEVICE_TYPE_CPU) return "CPU";
  if (type & CL_DEVICE_TYPE_ACCELERATOR) return "Accelerator";
  if (type & CL_DEVICE_TYPE_CUSTOM) return "Custom";
  return "Unknown";
}

DeviceCaps query_caps(cl_device_id device) {
  DeviceCaps caps;
  caps.name = device_string(device, CL_DEVICE_NAME, "CL_DEVICE_NAME");
  caps.type = device_value<cl_device_type>(device, CL_DEVICE_TYPE, "CL_DEVICE_TYPE");
  const std::string version = device_string(device, CL_DEVICE_VERSION, "CL_DEVICE_VERSION");
  // "OpenCL <major>.<minor> <vendor-specific>" per the specification.
  if (std::sscanf(version.c_str(), "OpenCL %d.%d", &caps.version_major, &caps.version_minor) != 2) {
    caps.version_major = 1;
    caps.version_minor = 0;
  }
  caps.compute_units =
      device_value<cl_uint>(device, CL_DEVICE_MAX_COMPUTE_UNITS, "CL_DEVICE_MAX_COMPUTE_UNITS");
  caps.global_mem_bytes =
      device_value<cl_ulong>(device, CL_DEVICE_GLOBAL_MEM_SIZE, "CL_DEVICE_GLOBAL_MEM_SIZE");
  caps.max_alloc_bytes =
      device_value<cl_ulong>(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE, "CL_DEVICE_MAX_MEM_ALLOC_SIZE");
  caps.local_mem_bytes =
      device_value<cl_ulong>(device, CL_DEVICE_LOCAL_MEM_SIZE, "CL_DEVICE_LOCAL_MEM_SIZE");
  caps.max_work_group_size =
      device_value<size_t>(device, CL_DEVICE_MAX_WORK_GROUP_SIZE, "CL_DEVICE_MAX_WORK_GROUP_SIZE");
  caps.extensions =
      split_words(device_string(device, CL_DEVICE_EXTENSIONS, "CL_DEVICE_EXTENSIONS"));
  const auto features = c_features(device);
  caps.fp16 = caps.has_extension("cl_khr_fp16") || contains(features, "__opencl_c_fp16");
  caps.fp64 = caps.has_extension("cl_khr_fp64") || contains(features, "__opencl_c_fp64");
  caps.int8 = caps.has_extension("cl_khr_integer_dot_product") ||
              contains(features, "__opencl_c_integer_dot_product_input_4x8bit");
  auto width = [&](cl_device_info param) {
    return std::max<cl_uint>(1, try_device_value<cl_uint>(device, param).value_or(1));
  };
  caps.vector_width_float = width(CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT);
  caps.vector_width_double = width(CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE);
  caps.vector_width_half = width(CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF);
  caps.vector_width_int = width(CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT);
  return caps;
}

void describe_device(cl_platform_id platform, cl_device_id device, const DeviceCaps& caps,
                     plugin::InfoList& info) {
  auto add_string = [&](const char* key, cl_device_info param) {
    if (auto value = try_device_string(device, param)) info.add_string(key, *value);
  };
  auto add_uint = [&](const char* key, cl_device_info param, const char* unit) {
    if (auto value = try_device_value<cl_uint>(device, param)) info.add_int(key, *value, unit);
  };
  auto add_ulong = [&](const char* key, cl_device_info param, const char* unit) {
    if (auto value = try_device_value<cl_ulong>(device, param))
      info.add_int(key, static_cast<int64_t>(*value), unit);
  };

  add_string("name", CL_DEVICE_NAME);
  add_string("vendor", CL_DEVICE_VENDOR);
  add_uint("vendor_id", CL_DEVICE_VENDOR_ID, "");
  add_string("driver_version", CL_DRIVER_VERSION);
  // Identity: the PCI address, where the driver tells it (telemetry finds the card by it).
  if (auto pci = try_device_value<cl_device_pci_bus_info_khr>(device, CL_DEVICE_PCI_BUS_INFO_KHR)) {
    char bus_id[32];
    std::snprintf(bus_id, sizeof bus_id, "%04x:%02x:%02x.%x", pci->pci_domain, pci->pci_bus,
                  pci->pci_device, pci->pci_function);
    info.add_string("pci_bus_id", bus_id);
  } else if (auto amd = try_device_value<cl_device_topology_amd>(device, CL_DEVICE_TOPOLOGY_AMD);
             amd && amd->raw.type == CL_DEVICE_TOPOLOGY_TYPE_PCIE_AMD) {
    // AMD's older query has no PCI domain; amdgpu cards sit in domain 0 on desktops.
    char bus_id[32];
    std::snprintf(bus_id, sizeof bus_id, "0000:%02x:%02x.%x", unsigned(uint8_t(amd->pcie.bus)),
                  unsigned(uint8_t(amd->pcie.device)), unsigned(uint8_t(amd->pcie.function)));
    info.add_string("pci_bus_id", bus_id);
  }
  add_string("api_version", CL_DEVICE_VERSION);
  add_string("opencl_c_version", CL_DEVICE_OPENCL_C_VERSION);
  info.add_string("platform_name", platform_string(platform, CL_PLATFORM_NAME));
  info.add_string("platform_vendor", platform_string(platform, CL_PLATFORM_VENDOR));
  info.add_string("platform_version", platform_string(platform, CL_PLATFORM_VERSION));
  info.add_string("device_type", device_type_name(caps.type));
  info.add_int("compute_units", caps.compute_units);
  add_uint("max_clock_mhz", CL_DEVICE_MAX_CLOCK_FREQUENCY, "MHz");
  info.add_int("global_mem_bytes", static_cast<int64_t>(caps.global_mem_bytes), "bytes");
  info.add_int("max_alloc_bytes", static_cast<int64_t>(caps.max_alloc_bytes), "bytes");
  info.add_int("local_mem_bytes", static_cast<int64_t>(caps.local_mem_bytes), "bytes");
  if (auto type = try_device_value<cl_device_local_mem_type>(device, CL_DEVICE_LOCAL_MEM_TYPE))
    info.add_string("local_mem_type", *type == CL_LOCAL ? "dedicated" : "global");
  add_ulong("global_mem_cache_bytes", CL_DEVICE_GLOBAL_MEM_CACHE_SIZE, "bytes");
  // The global-memory cache is the last level an OpenCL device reports.
  add_ulong("cache_llc_bytes", CL_DEVICE_GLOBAL_MEM_CACHE_SIZE, "bytes");
  add_uint("global_mem_cacheline_bytes", CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE, "bytes");
  info.add_int("max_work_group_size", static_cast<int64_t>(caps.max_work_group_size));
  if (auto sizes = try_device_array<size_t>(device, CL_DEVICE_MAX_WORK_ITEM_SIZES))
    info.add_string("max_work_item_sizes", join(*sizes, " x "));

  // Facts from vendor queries first; a probe kernel only where nothing else reports them.
  std::optional<size_t> multiple;
  if (caps.at_least(3, 0))
    multiple = try_device_value<size_t>(device, CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE);
  std::optional<size_t> subgroup;
  if (caps.has_extension("cl_intel_required_subgroup_size")) {
    if (auto sizes = try_device_array<size_t>(device, CL_DEVICE_SUB_GROUP_SIZES_INTEL);
        sizes && !sizes->empty()) {
      subgroup = *std::max_element(sizes->begin(), sizes->end());
      info.add_string("subgroup_sizes", join(*sizes, " "));
    }
  } else if (caps.has_extension("cl_nv_device_attribute_query")) {
    if (auto warp = try_device_value<cl_uint>(device, CL_DEVICE_WARP_SIZE_NV)) subgroup = *warp;
  } else if (caps.has_extension("cl_amd_device_attribute_query")) {
    if (auto wave = try_device_value<cl_uint>(device, CL_DEVICE_WAVEFRONT_WIDTH_AMD))
      subgroup = *wave;
  }
  const bool khr_subgroups =
      caps.has_extension("cl_khr_subgroups") ||
      (caps.at_least(3, 0) &&
       try_device_value<cl_uint>(device, CL_DEVICE_MAX_NUM_SUB_GROUPS).value_or(0) > 0);
  if (!multiple || (!subgroup && khr_subgroups)) {
    const auto facts = probe_kernel(platform, device, caps, !multiple, !subgroup && khr_subgroups);
    if (!multiple) multiple = facts.preferred_multiple;
    if (!subgroup) subgroup = facts.subgroup_size;
  }
  if (multiple) info.add_int("preferred_work_group_size_multiple", static_cast<int64_t>(*multiple));
  if (subgroup) info.add_int("subgroup_size", static_cast<int64_t>(*subgroup));

  info.add_bool("fp16", caps.fp16);
  info.add_bool("fp64", caps.fp64);
  info.add_bool("int8", caps.int8);
  info.add_int("preferred_vector_width_float", caps.vector_width_float);
  info.add_int("preferred_vector_width_int", caps.vector_width_int);
  if (auto unified = try_device_value<cl_bool>(device, CL_DEVICE_HOST_UNIFIED_MEMORY))
    info.add_bool("host_unified_memory", *unified == CL_TRUE);
  if (auto ecc = try_device_value<cl_bool>(device, CL_DEVICE_ERROR_CORRECTION_SUPPORT))
    info.add_bool("error_correction", *ecc == CL_TRUE);
  if (auto resolution = try_device_value<size_t>(device, CL_DEVICE_PROFILING_TIMER_RESOLUTION))
    info.add_int("profiling_timer_resolution_ns", static_cast<int64_t>(*resolution), "ns");
  info.add_string("extensions", join(caps.extensions, " "));
}

}  // namespace gpuprobe::opencl
