#include "gpuprobe/spec_match.hpp"

#include <cstdio>
#include <fstream>
#include <map>

#include "gpuprobe/report_format.hpp"

namespace gpuprobe {
namespace {

// "0000:01:00.0" or NVML's "00000000:01:00.0" -> sysfs's "0000:01:00.0".
std::optional<std::string> sysfs_address(const std::string& text) {
  unsigned domain = 0, bus = 0, dev = 0, fn = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%x:%x:%x.%x%c", &domain, &bus, &dev, &fn, &tail) != 4 ||
      domain > 0xffff || bus > 0xff || dev > 0x1f || fn > 7)
    return std::nullopt;
  char out[16];
  std::snprintf(out, sizeof out, "%04x:%02x:%02x.%x", domain, bus, dev, fn);
  return std::string(out);
}

std::optional<uint16_t> sysfs_hex(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text)) return std::nullopt;
  unsigned v = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "0x%x%c", &v, &tail) != 1 || v > 0xffff) return std::nullopt;
  return static_cast<uint16_t>(v);
}

const InfoValue* info_string(const DeviceInfo& d, const char* key) {
  const InfoValue* v = d.find(key);
  return v && std::holds_alternative<std::string>(v->value) ? v : nullptr;
}

// The best Ok median among a kernel's points that pass `take`.
template <class Take>
const Measurement* best_point(const KernelResult* k, Take take) {
  if (!k) return nullptr;
  const Measurement* best = nullptr;
  for (const auto& p : k->points)
    if (p.status == MeasurementStatus::Ok && take(p) &&
        (!best || p.figure.median > best->figure.median))
      best = &p;
  return best;
}

}  // namespace

std::string to_string(const PciId& id) {
  char text[16];
  std::snprintf(text, sizeof text, "%04x:%04x", id.vendor, id.device);
  return text;
}

std::optional<PciId> device_pci_id(const DeviceInfo& device, const std::string& sysfs_root) {
  const auto vendor = device.find_int("vendor_id");
  const auto dev = device.find_int("device_id");
  if (vendor && dev && *vendor > 0 && *vendor <= 0xffff && *dev >= 0 && *dev <= 0xffff)
    return PciId{static_cast<uint16_t>(*vendor), static_cast<uint16_t>(*dev)};
  for (const char* key : {"pci_bus_id", "pci_address"}) {
    const InfoValue* v = info_string(device, key);
    if (!v) continue;
    const auto address = sysfs_address(std::get<std::string>(v->value));
    if (!address) continue;
    const std::string dir = sysfs_root + "/" + *address + "/";
    const auto sys_vendor = sysfs_hex(dir + "vendor");
    const auto sys_device = sysfs_hex(dir + "device");
    if (sys_vendor && sys_device) return PciId{*sys_vendor, *sys_device};
  }
  return std::nullopt;
}

SpecMatch match_spec(const SpecDatabase& db, const DeviceInfo& device,
                     const std::optional<PciId>& id) {
  SpecMatch m;
  if (id) {
    const auto rows = db.by_pci(id->vendor, id->device);
    if (rows.size() == 1) {
      m.spec = rows.front();
      m.matched_by = "PCI id " + to_string(*id);
      return m;
    }
    if (rows.size() > 1) {
      // A die id several cards share: the driver's name picks the card.
      const std::string key = normalize_gpu_name(device.name);
      for (const GpuSpec* r : rows)
        if (normalize_gpu_name(r->name) == key) {
          m.spec = r;
          m.matched_by = "PCI id " + to_string(*id) + " and name";
          return m;
        }
      std::string names;
      for (const GpuSpec* r : rows) names += (names.empty() ? "" : ", ") + r->name;
      m.note = std::string(kNoSpecRow) + " (PCI id " + to_string(*id) + " is shared by " + names +
               "; the name '" + device.name + "' matches none of them)";
      return m;
    }
  }
  if (const GpuSpec* r = db.by_name(device.name)) {
    m.spec = r;
    m.matched_by = "name";
    return m;
  }
  m.note = kNoSpecRow;
  return m;
}

std::vector<SpecShare> spec_shares(const DeviceResult& result, const GpuSpec& spec) {
  std::vector<SpecShare> shares;
  auto add = [&](const char* figure, const char* kernel, const Measurement* p, double measured,
                 double spec_value, const char* unit) {
    shares.push_back(
        {figure, kernel, describe_params(kernel, p->requested), measured, spec_value, unit});
  };
  if (spec.memory_bandwidth_gbs)
    for (const char* kernel : {"read", "copy"}) {
      const KernelResult* k = result.find(kernel);
      // At the DRAM working set the suite chose; results without a plan: the largest size.
      uint64_t size = result.memory.dram_working_set_bytes;
      if (k && !size)
        for (const auto& p : k->points)
          if (p.status == MeasurementStatus::Ok) size = std::max(size, p.requested.size_bytes);
      const Measurement* p =
          best_point(k, [&](const Measurement& m) { return m.requested.size_bytes == size; });
      if (p)
        add(kernel == std::string("read") ? "read bandwidth" : "copy bandwidth", kernel, p,
            p->figure.median, *spec.memory_bandwidth_gbs, "GB/s");
    }
  if (spec.fp32_tflops)
    if (const Measurement* p =
            best_point(result.find("compute_fp32"), [](const Measurement&) { return true; }))
      add("fp32 compute", "compute_fp32", p, p->figure.median / 1000, *spec.fp32_tflops, "TFLOPS");
  if (spec.fp16_tensor_tflops)
    for (const char* kernel : {"matmul_vendor", "matmul_tensor"})
      if (const Measurement* p = best_point(result.find(kernel), [](const Measurement& m) {
            return m.requested.precision == "fp16";
          }))
        add("fp16 tensor", kernel, p, p->figure.median / 1000, *spec.fp16_tensor_tflops, "TFLOPS");
  return shares;
}

SpecComparison compare_with_spec(const DeviceResult& result, const SpecDatabase& db) {
  return compare_with_spec(result, match_spec(db, result.device, device_pci_id(result.device)));
}

SpecComparison compare_with_spec(const DeviceResult& result, const SpecMatch& m) {
  SpecComparison c;
  if (m.spec) {
    c.recognised = true;
    c.row_name = m.spec->name;
    c.row_origin = m.spec->origin;
    c.matched_by = m.matched_by;
    c.shares = spec_shares(result, *m.spec);
  } else {
    c.note = m.note;
  }
  return c;
}

void attach_spec_comparisons(RunReport& report, const SpecDatabase& db) {
  for (DeviceResult& d : report.devices) d.spec = compare_with_spec(d, db);
}

}  // namespace gpuprobe
