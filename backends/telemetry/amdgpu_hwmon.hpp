// AMD telemetry from the amdgpu driver's hwmon files in sysfs, for the OpenCL and Vulkan
// plugins (amdgpu has no NVML; its hwmon directory under the card's PCI device is the
// documented interface). Units there: millidegrees C, microwatts, Hz, pwm 0..255.
//   <root>/bus/pci/devices/<pci bus id>/hwmon/hwmonN/{name = "amdgpu",
//     temp{1,2,3}_input + temp*_label (edge, junction, mem), power1_average or power1_input,
//     power1_cap, freq{1,2}_input + freq*_label (sclk, mclk), pwm1 (+ pwm1_max)}
// The sysfs root is injectable (GPUPROBE_SYSFS_ROOT, or a parameter) so tests read a fake tree.
#pragma once

#include <memory>
#include <string>

#include "gpuprobe/plugin_support.hpp"
#include "telemetry_glue.hpp"

namespace gpuprobe::telemetry {

inline constexpr const char* kNoAmdgpuHwmon = "no amdgpu hwmon for this device";

// $GPUPROBE_SYSFS_ROOT if set, else "/sys".
std::string sysfs_root();

// Opens the amdgpu hwmon directory of the device at `pci_bus_id` ("0000:03:00.0", any
// case). Throws unavailable(kNoAmdgpuHwmon + why) when there is none.
std::unique_ptr<Source> open_amdgpu_hwmon(const std::string& pci_bus_id,
                                          const std::string& root = sysfs_root());

// The same for a plugin's device, by its "pci_bus_id" info entry (absent: unavailable).
std::unique_ptr<Source> open_amdgpu_hwmon(const plugin::InfoList& device_info,
                                          const std::string& root = sysfs_root());

}  // namespace gpuprobe::telemetry
