#include "model/device_groups.hpp"

#include <cctype>

namespace gpuprobe::gui {
namespace {

// Identity keys a backend may report; equal values mean the same hardware.
const char* const kIdentityKeys[] = {"pci_bus_id", "uuid", "device_uuid"};

std::string identity(const DeviceInfo& d, const char* key) {
  if (const InfoValue* v = d.find(key))
    if (auto s = std::get_if<std::string>(&v->value)) return *s;
  return {};
}

// Short names ("GPU", "CPU") would match far too much.
constexpr size_t kMinNameLength = 6;

bool is_host_cpu(const DeviceInfo& d) { return identity(d, "device_type") == "CPU"; }

bool same_card(const DeviceInfo& a, const DeviceInfo& b) {
  // Every CPU device of one document is the host's CPU, whatever its name: the CPU
  // backend's "Intel(R) Xeon(R)", PoCL's "pthread-skylake-...", lavapipe's "llvmpipe (LLVM
  // 15, 256 bits)". Checked before the identity keys, which CPU drivers fill in by whim.
  if (is_host_cpu(a) && is_host_cpu(b)) return true;
  for (const char* key : kIdentityKeys) {
    const std::string ia = identity(a, key), ib = identity(b, key);
    if (!ia.empty() && !ib.empty()) return ia == ib;
  }
  const std::string na = normalised_name(a.name), nb = normalised_name(b.name);
  if (na.size() < kMinNameLength || nb.size() < kMinNameLength) return na == nb && !na.empty();
  return na.find(nb) != std::string::npos || nb.find(na) != std::string::npos;
}

}  // namespace

std::string normalised_name(const std::string& name) {
  std::string out;
  for (unsigned char c : name)
    if (std::isalnum(c)) out += char(std::tolower(c));
  return out;
}

std::vector<DeviceGroup> group_devices(const std::vector<DeviceEntry>& entries) {
  std::vector<DeviceGroup> groups;
  for (size_t i = 0; i < entries.size(); ++i) {
    const DeviceEntry& e = entries[i];
    DeviceGroup* home = nullptr;
    for (auto& g : groups) {
      const DeviceEntry& first = entries[g.members.front()];
      if (first.source != e.source || !same_card(*first.device, *e.device)) continue;
      bool backend_taken = false;
      for (size_t m : g.members) backend_taken |= entries[m].device->backend == e.device->backend;
      if (backend_taken) continue;
      home = &g;
      break;
    }
    if (!home) {
      groups.push_back({e.device->name, {}});
      home = &groups.back();
    }
    home->members.push_back(i);
  }
  // The host CPU is named by the CPU backend when it is there, not by the shortest of the
  // names drivers give it ("llvmpipe (LLVM 15.0.7, 256 bits)" names no CPU).
  for (auto& g : groups) {
    for (size_t m : g.members) {
      const std::string& name = entries[m].device->name;
      if (!name.empty() && (g.name.empty() || name.size() < g.name.size())) g.name = name;
    }
    for (size_t m : g.members)
      if (entries[m].device->backend == "cpu") g.name = entries[m].device->name;
  }
  return groups;
}

}  // namespace gpuprobe::gui
