// NVML telemetry for NVIDIA devices, with libnvidia-ml.so.1 opened at run time. The CUDA
// plugin opens one per device by its PCI bus id (or UUID) and exports it through
// telemetry_glue.hpp; without the library every open says why.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "telemetry_glue.hpp"

namespace gpuprobe::telemetry {

// The default library name, and the message when it cannot be opened.
inline constexpr const char* kNvmlLibrary = "libnvidia-ml.so.1";
std::string nvml_not_found_message(const std::string& library = kNvmlLibrary);

// Opens `library` (tests pass a name that does not exist), initialises NVML and finds the
// device by PCI bus id ("0000:01:00.0") or, when that is empty, by UUID. Throws
// unavailable(...) with the reason: "NVML not found (libnvidia-ml.so.1)", "NVML has no
// device at PCI bus id ...".
std::unique_ptr<Source> open_nvml(const std::string& pci_bus_id, const std::string& uuid = {},
                                  const std::string& library = kNvmlLibrary);

// The PCIe link of the device at `pci_bus_id` as NVML reports it (generation and lanes, now
// and at most; a value the board does not report stays empty). Throws unavailable(...) with
// the same reasons as open_nvml.
struct PcieLink {
  std::optional<unsigned> current_generation, current_width, max_generation, max_width;
};
PcieLink nvml_pcie_link(const std::string& pci_bus_id, const std::string& library = kNvmlLibrary);

}  // namespace gpuprobe::telemetry
