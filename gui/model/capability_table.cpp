#include "model/capability_table.hpp"

#include <algorithm>
#include <map>

namespace gpuprobe::gui {

CapabilityTable build_capability_table(const std::vector<DeviceEntry>& devices,
                                       const std::vector<std::string>& labels) {
  CapabilityTable t;
  t.devices = devices;
  t.labels = labels;
  t.groups = group_devices(devices);
  t.group_of.assign(devices.size(), 0);
  for (size_t g = 0; g < t.groups.size(); ++g)
    for (size_t m : t.groups[g].members) t.group_of[m] = g;

  std::map<std::string, size_t> row_of;
  for (size_t d = 0; d < devices.size(); ++d)
    for (const auto& v : devices[d].device->info) {
      if (v.key == "name") continue;  // it is the column header
      auto it = row_of.find(v.key);
      if (it == row_of.end()) {
        it = row_of.emplace(v.key, t.rows.size()).first;
        t.rows.push_back({v.key, std::vector<CapabilityCell>(devices.size()), false, false});
      }
      t.rows[it->second].cells[d].value = &v;
    }

  for (auto& row : t.rows) {
    const InfoValue* first = nullptr;
    bool first_set = false;
    for (const auto& cell : row.cells) {
      const std::string text = cell.value ? cell.value->to_string() : std::string();
      if (!first_set) {
        first = cell.value;
        first_set = true;
      } else if ((first == nullptr) != (cell.value == nullptr) ||
                 (first && cell.value && first->to_string() != text)) {
        row.differs = true;
      }
    }
    // Compare only with siblings: other APIs on the same card.
    for (size_t d = 0; d < row.cells.size(); ++d) {
      CapabilityCell& cell = row.cells[d];
      if (!cell.value) continue;
      for (size_t m : t.groups[t.group_of[d]].members) {
        if (m == d) continue;
        const CapabilityCell& other = row.cells[m];
        if (!other.value)
          cell.only_this_api = true;
        else if (other.value->to_string() != cell.value->to_string())
          cell.differs_on_card = true;
      }
      row.highlight |= cell.only_this_api || cell.differs_on_card;
    }
  }
  return t;
}

}  // namespace gpuprobe::gui
