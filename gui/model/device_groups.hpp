// Which devices are the same physical card seen through different APIs (cuda:0,
// opencl:1 and vulkan:0 on one RTX card; cpu:0 and PoCL's opencl:0 on one CPU). Used to
// highlight what one API exposes that another does not on the same hardware.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe::gui {

struct DeviceEntry {
  const DeviceInfo* device = nullptr;
  std::string source;  // result file, or "" for this machine: cards never span sources
};

struct DeviceGroup {
  std::string name;             // the CPU backend's name, or the shortest in the group
  std::vector<size_t> members;  // indices into the entries
};

// Devices of one source are the same card when both have device_type "CPU" (the host's
// CPU, through the CPU backend, PoCL or lavapipe), when a shared identity key (pci_bus_id,
// uuid) matches, or, lacking one, when one's normalised name contains the other's. A group
// is named by its CPU backend device, else by its shortest name. A group holds
// at most one device per backend, so two identical cards stay two groups (paired in index
// order across APIs).
std::vector<DeviceGroup> group_devices(const std::vector<DeviceEntry>& entries);

// Lower-case letters and digits only: "pthread-Intel(R) Xeon(R)" -> "pthreadintelrxeonr".
std::string normalised_name(const std::string& name);

}  // namespace gpuprobe::gui
