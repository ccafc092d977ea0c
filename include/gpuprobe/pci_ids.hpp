// Names for PCI vendor and device ids, read from the pci.ids database (Debian package
// `pci.ids`, /usr/share/misc/pci.ids) rather than a hand-typed table.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace gpuprobe {

class PciIds {
 public:
  // The file's text. Subsystem lines and the device-class section are skipped.
  static PciIds parse(std::string_view text);
  // Throws std::runtime_error naming the path and the package to install.
  static PciIds load(const std::string& path);

  std::optional<std::string> vendor_name(uint16_t vendor) const;
  std::optional<std::string> device_name(uint16_t vendor, uint16_t device) const;
  // "2023-04-10", from the header's "Date:" line; empty when the file has none.
  const std::string& date() const { return date_; }
  size_t device_count() const { return devices_.size(); }

 private:
  std::map<uint16_t, std::string> vendors_;
  std::map<uint32_t, std::string> devices_;  // vendor << 16 | device
  std::string date_;
};

// $GPUPROBE_PCI_IDS, else the first of /usr/share/misc/pci.ids and /usr/share/hwdata/pci.ids
// that exists (the Debian and the Fedora locations); empty when none does.
std::string default_pci_ids_path();

}  // namespace gpuprobe
