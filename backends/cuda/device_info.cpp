#include "device_info.hpp"

#include <cuda_runtime_api.h>

#include <cstdio>
#include <optional>
#include <string>

#include "arch_table.hpp"
#include "cuda_error.hpp"
#include "driver_check.hpp"
#include "gemm_precisions.hpp"
#include "gpuprobe/precision.hpp"
#include "telemetry/nvml_telemetry.hpp"

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

std::string pci_address(int ordinal) {
  const auto domain = attribute(ordinal, cudaDevAttrPciDomainId);
  const auto bus = attribute(ordinal, cudaDevAttrPciBusId);
  const auto dev = attribute(ordinal, cudaDevAttrPciDeviceId);
  if (!domain || !bus || !dev) return {};
  char text[32];
  std::snprintf(text, sizeof text, "%08x:%02x:%02x.0", unsigned(*domain), unsigned(*bus),
                unsigned(*dev));
  return text;
}

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
  if (const std::string address = pci_address(ordinal); !address.empty()) {
    info.add_string("pci_address", address);
    // PCIe generation and lanes, now and at most: the runtime has no attribute for them;
    // NVML (opened at run time) reports them. Without NVML the key says why.
    try {
      const telemetry::PcieLink link = telemetry::nvml_pcie_link(address);
      auto put = [&](const char* key, const std::optional<unsigned>& v, const char* unit) {
        if (v) info.add_int(key, *v, unit);
      };
      put("pcie_generation_current", link.current_generation, "");
      put("pcie_width_current", link.current_width, "lanes");
      put("pcie_generation_max", link.max_generation, "");
      put("pcie_width_max", link.max_width, "lanes");
    } catch (const plugin::Error& e) {
      info.add_string("pcie_link", "unavailable: " + e.message);
    }
  }
  // No fp16/fp64 keys: CUDA reports no such attribute. What cuBLAS can run (tf32, bf16,
  // int8, tensor cores) is not the runtime's word either: it is gpuprobe's table of the
  // architectures (gemm_precisions.cpp) applied to the compute capability, and the key
  // gemm_precision_source says so next to them. The suite plans tf32/bf16/int8 vendor GEMM
  // points from these keys.
  const ComputeCapability cc{caps.major, caps.minor};
  for (uint32_t p : {GP_PRECISION_TF32, GP_PRECISION_BF16, GP_PRECISION_INT8})
    info.add_bool(std::string(precision_name(p)).c_str(),
                  gemm_unsupported_reason(p, cc, 64, 64, 64).empty());
  info.add_bool("tensor_cores", cc.number() >= 70);
  info.add_string("gemm_precision_source",
                  "tf32, bf16, int8 and tensor_cores: gpuprobe's table of what each "
                  "architecture runs (from NVIDIA's documentation), for compute capability " +
                      std::to_string(cc.major) + "." + std::to_string(cc.minor));
  if (!caps.unsupported.empty()) info.add_string("unsupported", caps.unsupported);
}

}  // namespace gpuprobe::cuda
