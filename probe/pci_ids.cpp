#include "gpuprobe/pci_ids.hpp"

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "gpuprobe/input_file.hpp"
#include "gpuprobe/printable.hpp"

namespace gpuprobe {
namespace {

std::optional<uint16_t> hex4(std::string_view s) {
  if (s.size() < 4) return std::nullopt;
  uint16_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    const char c = s[i];
    const int d = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
    if (d < 0) return std::nullopt;
    v = static_cast<uint16_t>(v << 4 | d);
  }
  return v;
}

// "xxxx  Name": id, two spaces, name.
std::optional<std::pair<uint16_t, std::string>> id_line(std::string_view line) {
  const auto id = hex4(line);
  if (!id || line.size() < 7 || line.substr(4, 2) != "  ") return std::nullopt;
  return std::make_pair(*id, std::string(line.substr(6)));
}

}  // namespace

PciIds PciIds::parse(std::string_view text) {
  PciIds ids;
  std::optional<uint16_t> vendor;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (const size_t at = line.find("Date:"); at != std::string_view::npos && ids.date_.empty()) {
        std::string_view rest = line.substr(at + 5);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        ids.date_ = std::string(rest.substr(0, 10));
      }
      continue;
    }
    if (line[0] == 'C') break;  // the device-class section follows the vendors
    if (line[0] != '\t') {
      const auto v = id_line(line);
      vendor = v ? std::optional<uint16_t>(v->first) : std::nullopt;
      if (v) ids.vendors_[v->first] = v->second;
      continue;
    }
    if (line.size() > 1 && line[1] == '\t') continue;  // subsystem
    if (!vendor) continue;
    if (const auto d = id_line(line.substr(1)))
      ids.devices_[uint32_t{*vendor} << 16 | d->first] = d->second;
  }
  return ids;
}

PciIds PciIds::load(const std::string& path) {
  try {
    return parse(read_input_file(path, uint64_t{64} << 20));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string(e.what()) +
                             "; install the PCI id database (Debian: apt-get install pci.ids) or "
                             "set GPUPROBE_PCI_IDS to a pci.ids file");
  }
}

std::optional<std::string> PciIds::vendor_name(uint16_t vendor) const {
  const auto it = vendors_.find(vendor);
  return it == vendors_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::optional<std::string> PciIds::device_name(uint16_t vendor, uint16_t device) const {
  const auto it = devices_.find(uint32_t{vendor} << 16 | device);
  return it == devices_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string default_pci_ids_path() {
  if (const char* env = std::getenv("GPUPROBE_PCI_IDS"); env && *env) return env;
  for (const char* p : {"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids"})
    if (std::filesystem::exists(p)) return p;
  return {};
}

}  // namespace gpuprobe
