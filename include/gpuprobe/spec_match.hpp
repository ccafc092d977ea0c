// Which spec row describes a device, and how far its results got towards that row's figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/results.hpp"
#include "gpuprobe/spec_comparison.hpp"
#include "gpuprobe/spec_db.hpp"

namespace gpuprobe {

struct PciId {
  uint16_t vendor = 0, device = 0;
  bool operator==(const PciId&) const = default;
};
std::string to_string(const PciId& id);  // "10de:2204"

// The device's PCI vendor:device id: the plugin's vendor_id + device_id keys (Vulkan), else
// the ids sysfs holds for its PCI address (pci_bus_id / pci_address keys: CUDA and OpenCL
// report where the card sits, not which card it is). Lavapipe's vendor_id (0x10005, a Khronos
// id above 0xffff) is not a PCI id. `sysfs_root` is replaceable for tests.
std::optional<PciId> device_pci_id(const DeviceInfo& device,
                                   const std::string& sysfs_root = "/sys/bus/pci/devices");

struct SpecMatch {
  const GpuSpec* spec = nullptr;
  std::string matched_by;  // "PCI id 10de:2204", "PCI id 1002:67df and name", "name"
  std::string note;        // why there is no row, when there is none
};

// By PCI id where known (a shared die id is settled by the name), else by normalized name.
SpecMatch match_spec(const SpecDatabase& db, const DeviceInfo& device,
                     const std::optional<PciId>& id);

// Shares of the row's bandwidth (read and copy at the DRAM working-set size, the best vector
// width), fp32 (compute_fp32) and fp16 tensor TFLOPS (matmul_vendor, matmul_tensor at fp16).
// A figure the row leaves empty, or a kernel that did not run, is left out.
std::vector<SpecShare> spec_shares(const DeviceResult& result, const GpuSpec& spec);

// The device's row and the shares its results reached of it (or why there is no row).
SpecComparison compare_with_spec(const DeviceResult& result, const SpecDatabase& db);
// The same from a match made earlier: a device matched once (its PCI id read from sysfs
// once) is compared again as its results grow.
SpecComparison compare_with_spec(const DeviceResult& result, const SpecMatch& match);

// Match every device of the report and store the comparison in DeviceResult::spec.
void attach_spec_comparisons(RunReport& report, const SpecDatabase& db);

}  // namespace gpuprobe
