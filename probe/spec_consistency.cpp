#include "gpuprobe/spec_consistency.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include "gpuprobe/identity_check.hpp"
#include "gpuprobe/spec_match.hpp"

namespace gpuprobe {
namespace {

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

bool within(double derived, double stated) {
  return stated > 0 && std::fabs(derived / stated - 1) <= kSpecTolerance;
}

std::optional<int> year_of(const std::string& date) {
  if (date.size() < 4) return std::nullopt;
  int y = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (date[i] < '0' || date[i] > '9') return std::nullopt;
    y = y * 10 + (date[i] - '0');
  }
  return y;
}

}  // namespace

std::vector<std::string> spec_consistency_problems(const SpecDatabase& db, const PciIds* pci_ids) {
  std::vector<std::string> problems;
  auto problem = [&](const GpuSpec& r, const std::string& what) {
    problems.push_back(r.origin + " " + r.name + ": " + what);
  };
  std::map<std::pair<uint16_t, uint16_t>, std::vector<const GpuSpec*>> by_id;
  std::map<std::string, const GpuSpec*> by_name;
  for (const GpuSpec& r : db.rows()) {
    if (r.bus_width_bits && r.memory_data_rate_gbps && r.memory_bandwidth_gbs) {
      const double derived = *r.bus_width_bits * *r.memory_data_rate_gbps / 8;
      if (!within(derived, *r.memory_bandwidth_gbs))
        problem(r, "memory bandwidth " + num(*r.memory_bandwidth_gbs) + " GB/s, but " +
                       num(*r.bus_width_bits) + " bits x " + num(*r.memory_data_rate_gbps) +
                       " Gbps / 8 = " + num(derived) + " GB/s");
    }
    if (r.shader_units && r.boost_clock_mhz && r.fp32_flops_per_shader_clock && r.fp32_tflops) {
      const double derived =
          *r.shader_units * *r.boost_clock_mhz * *r.fp32_flops_per_shader_clock / 1e6;
      if (!within(derived, *r.fp32_tflops))
        problem(r, "fp32 " + num(*r.fp32_tflops) + " TFLOPS, but " + num(*r.shader_units) +
                       " shaders x " + num(*r.boost_clock_mhz) + " MHz x " +
                       num(*r.fp32_flops_per_shader_clock) + " = " + num(derived) + " TFLOPS");
    }
    if (r.pci_vendor_id) {
      const uint16_t expected = r.vendor == "NVIDIA" ? 0x10de : r.vendor == "AMD" ? 0x1002 : 0;
      if (expected && *r.pci_vendor_id != expected)
        problem(r, "PCI vendor id " + to_string(PciId{*r.pci_vendor_id, 0}).substr(0, 4) +
                       " is not " + r.vendor + "'s");
      by_id[{*r.pci_vendor_id, *r.pci_device_id}].push_back(&r);
    }
    const std::string key = normalize_gpu_name(r.name);
    if (const auto it = by_name.find(key); it != by_name.end())
      problem(r, "the same name as the row at " + it->second->origin);
    else
      by_name[key] = &r;
  }
  for (const auto& [id, rows] : by_id) {
    const std::string text = to_string(PciId{id.first, id.second});
    for (const GpuSpec* r : rows) {
      if (rows.size() > 1 && !r->pci_id_shared)
        problem(*r, "PCI id " + text + " is also on " + std::to_string(rows.size() - 1) +
                        " other row(s); mark every row of a shared die id pci_id_shared = yes");
      if (rows.size() == 1 && r->pci_id_shared)
        problem(*r, "pci_id_shared = yes, but no other row has PCI id " + text);
    }
  }
  if (pci_ids) {
    const auto file_year = year_of(pci_ids->date());
    for (const GpuSpec& r : db.rows()) {
      if (!r.pci_vendor_id) continue;
      const PciId id{*r.pci_vendor_id, *r.pci_device_id};
      const auto name = pci_ids->device_name(id.vendor, id.device);
      if (name && !pci_name_plausibly_matches(*name, r.name))
        problem(r, "pci.ids names PCI id " + to_string(id) + " '" + *name + "'");
      if (!name && !(r.launch_year && file_year && *r.launch_year >= *file_year))
        problem(r, "PCI id " + to_string(id) + " is not in pci.ids (dated " +
                       (pci_ids->date().empty() ? "?" : pci_ids->date()) +
                       "), and the card is older than the file");
    }
  }
  return problems;
}

std::vector<std::string> spec_ids_missing_from(const SpecDatabase& db, const PciIds& pci_ids) {
  std::vector<std::string> missing;
  for (const GpuSpec& r : db.rows())
    if (r.pci_vendor_id && !pci_ids.device_name(*r.pci_vendor_id, *r.pci_device_id))
      missing.push_back(r.origin + " " + r.name);
  return missing;
}

}  // namespace gpuprobe
