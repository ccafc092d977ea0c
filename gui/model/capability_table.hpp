// The capability table of the Devices panel: one row per device info key, one column per
// device/API. Keys are whatever the backends report, so a CUDA backend's warp_size or
// tensor_cores appear as rows with no GUI change.
#pragma once

#include <string>
#include <vector>

#include "model/device_groups.hpp"

namespace gpuprobe::gui {

struct CapabilityCell {
  const InfoValue* value = nullptr;  // nullptr: this device/API does not report the key
  // Reported here but not by another API on the same card: what this API exposes that the
  // others do not (tensor cores in CUDA, cooperative matrix in Vulkan, ...).
  bool only_this_api = false;
  // Reported here and by another API on the same card, with a different value.
  bool differs_on_card = false;
};

struct CapabilityRow {
  std::string key;
  std::vector<CapabilityCell> cells;  // per device
  bool differs = false;               // not the same value (or presence) in every column
  bool highlight = false;             // some cell is only_this_api or differs_on_card
};

struct CapabilityTable {
  std::vector<DeviceEntry> devices;
  std::vector<std::string> labels;  // column headers
  std::vector<size_t> group_of;     // card group per device
  std::vector<DeviceGroup> groups;
  std::vector<CapabilityRow> rows;  // keys in first-reported order; "name" is the header
};

CapabilityTable build_capability_table(const std::vector<DeviceEntry>& devices,
                                       const std::vector<std::string>& labels);

}  // namespace gpuprobe::gui
