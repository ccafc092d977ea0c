#include "device_info.hpp"

#include <cuda_runtime_api.h>

#include <optional>

#include "arch_table.hpp"
#include "cuda_error.hpp"
#include "driver_check.hpp"

namespace gpuprobe::cuda {
namespace {

std::optional<int> attribute(int ordinal, cudaDeviceAttr attr) {
  int value = 0;
  if (cudaDeviceGetAttribute(&value, attr, ordinal) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky-free error so later calls do not see it
    return std::nullopt;
  }
  return value;
}

int required_attribute(int ordinal, cudaDeviceAttr attr, const char* name) {
  int value = 0;
  check(cudaDeviceGetAttribute(&value, attr, ordinal),
        std::string("cudaDeviceGetAttribute(") + name + ")");
  return value;
}

}  // namespace

DeviceCaps query_caps(int ordinal) {
  DeviceCaps caps;
  // The name is not an attribute; cudaDeviceProp still has it (and the fields we read
  // below as attributes are the ones CUDA 13 removed from it or may remove).
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, ordinal), "cudaGetDeviceProperties");
  caps.name = prop.name;
  caps.major =
      required_attribute(ordinal, cudaDevAttrComputeCapabilityMajor, "ComputeCapabilityMajor");
  caps.minor =
      required_attribute(ordinal, cudaDevAttrComputeCapabilityMinor, "ComputeCapabilityMinor");
  caps.sm_count = static_cast<uint32_t>(
      required_attribute(ordinal, cudaDevAttrMultiProcessorCount, "MultiProcessorCount"));
  caps.max_threads_per_block = static_cast<uint32_t>(
      required_attribute(ordinal, cudaDevAttrMaxThreadsPerBlock, "MaxThreadsPerBlock"));
  caps.shared_per_block = static_cast<uint64_t>(
      required_attribute(ordinal, cudaDevAttrMaxSharedMemoryPerBlock, "MaxSharedMemoryPerBlock"));
  size_t free_bytes = 0, total_bytes = 0;
  check(cudaSetDevice(ordinal), "cudaSetDevice");
  check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
  caps.global_mem_bytes = total_bytes;
  return caps;
}

void describe_device(int ordinal, const DeviceCaps& caps, plugin::InfoList& info) {
  info.add_string("name", caps.name);
  info.add_string("vendor", "NVIDIA");
  info.add_int("vendor_id", 0x10de);
  info.add_string("device_type", "GPU");
  int driver = 0;
  if (cudaDriverGetVersion(&driver) == cudaSuccess)
    info.add_string("driver_version", "CUDA " + cuda_version_text(driver));
  info.add_string("api_version", "CUDA runtime " + cuda_version_text(CUDART_VERSION));
  info.add_string("compute_capability",
                  std::to_string(caps.major) + "." + std::to_string(caps.minor));
  info.add_int("compute_units", caps.sm_count);
  info.add_int("global_mem_bytes", static_cast<int64_t>(caps.global_mem_bytes), "bytes");
  info.add_int("local_mem_bytes", static_cast<int64_t>(caps.shared_per_block), "bytes");
  info.add_int("max_work_group_size", caps.max_threads_per_block);
  auto add = [&](const char* key, cudaDeviceAttr attr, const char* unit = "") {
    if (const auto v = attribute(ordinal, attr)) info.add_int(key, *v, unit);
  };
  add("subgroup_size", cudaDevAttrWarpSize);
  add("cache_llc_bytes", cudaDevAttrL2CacheSize, "bytes");
  // kHz as reported; shown in MHz only where that division is exact.
  if (const auto khz = attribute(ordinal, cudaDevAttrClockRate)) {
    if (*khz % 1000 == 0)
      info.add_int("max_clock_mhz", *khz / 1000, "MHz");
    else
      info.add_int("max_clock_khz", *khz, "kHz");
  }
  if (const auto khz = attribute(ordinal, cudaDevAttrMemoryClockRate))
    info.add_int("memory_clock_khz", *khz, "kHz");
  add("memory_bus_width_bits", cudaDevAttrGlobalMemoryBusWidth, "bits");
  add("shared_mem_per_sm_bytes", cudaDevAttrMaxSharedMemoryPerMultiprocessor, "bytes");
  add("shared_mem_per_block_optin_bytes", cudaDevAttrMaxSharedMemoryPerBlockOptin, "bytes");
  add("registers_per_sm", cudaDevAttrMaxRegistersPerMultiprocessor);
  add("registers_per_block", cudaDevAttrMaxRegistersPerBlock);
  add("max_threads_per_sm", cudaDevAttrMaxThreadsPerMultiProcessor);
  add("pci_bus_id", cudaDevAttrPciBusId);
  add("pci_device_id", cudaDevAttrPciDeviceId);
  add("pci_domain_id", cudaDevAttrPciDomainId);
  if (const auto ecc = attribute(ordinal, cudaDevAttrEccEnabled))
    info.add_bool("ecc_enabled", *ecc != 0);
  if (const auto v = attribute(ordinal, cudaDevAttrIntegrated))
    info.add_bool("integrated", *v != 0);
  // No fp16/fp64/int8 keys: CUDA reports no such attribute, and a value taken from the
  // compute capability would be our table, not the runtime's word.
  if (!caps.unsupported.empty()) info.add_string("unsupported", caps.unsupported);
}

}  // namespace gpuprobe::cuda
