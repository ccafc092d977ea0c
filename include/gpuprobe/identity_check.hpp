// Is the card the one it claims to be? The PCI id against the driver's name and the spec
// database (a flashed BIOS or relabelled card shows a mismatch), VRAM size, bus width and
// SM/CU count against the spec row, and the PCIe link now against its maximum. Pure: every
// input is given, so crafted device info tests every finding. `gpuprobe check` calls it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/pci_ids.hpp"
#include "gpuprobe/results.hpp"
#include "gpuprobe/spec_db.hpp"
#include "gpuprobe/spec_match.hpp"

namespace gpuprobe {

// Pass: checked and as expected. Info: not checkable or worth knowing. Warning: suspicious,
// not proof. Failure: the card is not what it claims (or is crippled: a narrow link).
enum class Severity { Pass, Info, Warning, Failure };
const char* to_string(Severity s);

struct IdentityFinding {
  Severity severity = Severity::Info;
  std::string check;    // "pci_id_vs_name", "vram", "bus_width", "sm_cu_count", "pcie_width", ...
  std::string message;  // plain words with both figures
};

struct IdentityInput {
  const DeviceInfo* device = nullptr;
  std::optional<PciId> pci_id;  // device_pci_id(), or crafted
  const SpecDatabase* specs = nullptr;
  const PciIds* pci_ids = nullptr;  // may be null: the id's own name is then not checked
};

std::vector<IdentityFinding> check_identity(const IdentityInput& input);

// The worst severity among findings (Pass for none).
Severity worst_severity(const std::vector<IdentityFinding>& findings);

// Whether a pci.ids device name ("Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]")
// plausibly names the card `name` ("Radeon RX 580"): the card's model token ("580", "V100",
// "MI300X", the last word when none has a digit) starts a word of the pci.ids name.
bool pci_name_plausibly_matches(const std::string& pci_name, const std::string& card_name);

}  // namespace gpuprobe
