#include "gpuprobe/identity_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gpuprobe {
namespace {

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!current.empty()) {
      out.push_back(current);
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// The word that names the model: the first with a digit ("3090", "v100", "mi300x"), else the
// last ("vii" of "Radeon VII"). Memory sizes ("16gb") are not model names.
std::string model_token(const std::string& name) {
  const auto w = words(normalize_gpu_name(name));  // "TITAN X (Pascal)": "x", not "pascal"
  for (const auto& word : w)
    if (std::any_of(word.begin(), word.end(), [](char c) { return std::isdigit(c); }) &&
        !word.ends_with("gb"))
      return word;
  return w.empty() ? std::string() : w.back();
}

std::string gib_text(double gib) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", gib);
  return text;
}

std::string names_of(const std::vector<const GpuSpec*>& rows) {
  std::string names;
  for (const GpuSpec* r : rows) names += (names.empty() ? "" : ", ") + r->name;
  return names;
}

bool is_rdna(const GpuSpec& spec) { return spec.compute_target.starts_with("gfx1"); }

}  // namespace

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Pass:
      return "pass";
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Failure:
      return "failure";
  }
  return "?";
}

Severity worst_severity(const std::vector<IdentityFinding>& findings) {
  Severity worst = Severity::Pass;
  for (const auto& f : findings) worst = std::max(worst, f.severity);
  return worst;
}

bool pci_name_plausibly_matches(const std::string& pci_name, const std::string& card_name) {
  const std::string token = model_token(card_name);
  if (token.empty()) return false;
  for (const auto& w : words(pci_name))
    if (w.starts_with(token)) return true;
  return false;
}

std::vector<IdentityFinding> check_identity(const IdentityInput& in) {
  std::vector<IdentityFinding> out;
  auto add = [&](Severity s, const char* check, std::string message) {
    out.push_back({s, check, std::move(message)});
  };
  const DeviceInfo& device = *in.device;
  const std::string driver_name = device.name;

  // 1. The PCI id against the name the driver reports, through the database and pci.ids.
  const GpuSpec* by_name = in.specs ? in.specs->by_name(driver_name) : nullptr;
  std::vector<const GpuSpec*> by_id;
  if (in.pci_id && in.specs) by_id = in.specs->by_pci(in.pci_id->vendor, in.pci_id->device);
  if (!in.pci_id) {
    add(Severity::Info, "pci_id",
        "the backend reports no PCI id for '" + driver_name +
            "' (and none was found in sysfs): the identity is checked by name only");
  } else {
    const std::string id = to_string(*in.pci_id);
    std::optional<std::string> pci_name;
    if (in.pci_ids) pci_name = in.pci_ids->device_name(in.pci_id->vendor, in.pci_id->device);
    if (!by_id.empty() && by_name &&
        std::find(by_id.begin(), by_id.end(), by_name) == by_id.end()) {
      add(Severity::Failure, "pci_id_vs_name",
          "the driver calls the card '" + driver_name + "', but its PCI id " + id + " belongs to " +
              names_of(by_id) + (pci_name ? " (pci.ids: " + *pci_name + ")" : "") +
              ": a flashed BIOS or a relabelled card");
    } else if (!by_id.empty() && by_name) {
      add(Severity::Pass, "pci_id_vs_name",
          "PCI id " + id + " and the driver's name '" + driver_name + "' both say " +
              by_name->name);
    } else if (pci_name && !pci_name_plausibly_matches(*pci_name, driver_name)) {
      add(Severity::Warning, "pci_id_vs_name",
          "the driver calls the card '" + driver_name + "', but pci.ids names PCI id " + id + " '" +
              *pci_name + "'");
    } else if (pci_name) {
      add(Severity::Pass, "pci_id_vs_name",
          "pci.ids names PCI id " + id + " '" + *pci_name + "', consistent with '" + driver_name +
              "'");
    } else {
      add(Severity::Info, "pci_id_vs_name",
          "PCI id " + id + " is in neither the spec database nor pci.ids" +
              (in.pci_ids && !in.pci_ids->date().empty()
                   ? " (dated " + in.pci_ids->date() + "; a newer card may be missing)"
                   : ""));
    }
  }

  // The row the remaining checks use: the PCI id's when it settles the card, else the name's.
  const GpuSpec* spec = nullptr;
  if (by_id.size() == 1)
    spec = by_id.front();
  else if (by_name &&
           (by_id.empty() || std::find(by_id.begin(), by_id.end(), by_name) != by_id.end()))
    spec = by_name;
  if (!spec) {
    add(Severity::Info, "spec_row",
        std::string(kNoSpecRow) + ": VRAM, bus width and SM/CU count are not checked");
  } else {
    // 2. VRAM: drivers report a little less than the card holds (reserved memory).
    if (const auto bytes = device.find_int("global_mem_bytes"); bytes && spec->vram_gib) {
      const double gib = double(*bytes) / double(uint64_t{1} << 30);
      const double ratio = gib / *spec->vram_gib;
      const std::string both =
          gib_text(gib) + " reported, the " + spec->name + " has " + gib_text(*spec->vram_gib);
      if (ratio < 0.9 || ratio > 1.05)
        add(Severity::Failure, "vram", both + ": not the memory this card ships with");
      else
        add(Severity::Pass, "vram", both);
    }
    // 3. Memory bus width (CUDA reports it).
    if (const auto bits = device.find_int("memory_bus_width_bits"); bits && spec->bus_width_bits) {
      const std::string both = std::to_string(*bits) + "-bit bus reported, the " + spec->name +
                               " has " + std::to_string(int64_t(*spec->bus_width_bits)) + "-bit";
      add(double(*bits) == *spec->bus_width_bits ? Severity::Pass : Severity::Failure, "bus_width",
          both);
    }
    // 4. SM/CU count. AMD's OpenCL on RDNA counts work-group processors (two CUs each).
    if (const auto units = device.find_int("compute_units"); units && spec->sm_or_cu_count) {
      const int64_t expected = int64_t(*spec->sm_or_cu_count);
      const bool wgp = is_rdna(*spec) && *units * 2 == expected;
      const std::string what = spec->vendor == "NVIDIA" ? "SMs" : "CUs";
      if (*units == expected || wgp)
        add(Severity::Pass, "sm_cu_count",
            std::to_string(*units) +
                (wgp ? " work-group processors (" + std::to_string(expected) + " CUs)"
                     : " " + what) +
                " reported, as the " + spec->name + " has");
      else
        add(Severity::Failure, "sm_cu_count",
            std::to_string(*units) + " " + what + " reported, the " + spec->name + " has " +
                std::to_string(expected) + ": a cut-down or different chip");
    }
  }

  // 5. PCIe link now against its maximum (CUDA through NVML). Drivers lower the generation
  // at idle to save power, so a slower generation is only noted; fewer lanes are not saved.
  const auto width_now = device.find_int("pcie_width_current");
  const auto width_max = device.find_int("pcie_width_max");
  const auto gen_now = device.find_int("pcie_generation_current");
  const auto gen_max = device.find_int("pcie_generation_max");
  if (width_now && width_max) {
    const std::string text =
        "PCIe link x" + std::to_string(*width_now) + " of x" + std::to_string(*width_max);
    if (*width_now < *width_max)
      add(Severity::Warning, "pcie_width",
          text +
              ": fewer lanes than the card and slot allow; a riser, a dirty contact or a "
              "slot wired narrower");
    else if (*width_max < 8)
      add(Severity::Warning, "pcie_width",
          text +
              ": the link itself is narrow; a riser or a x4/x1 slot (discrete cards are x8 or "
              "x16)");
    else
      add(Severity::Pass, "pcie_width", text);
  } else if (const InfoValue* why = device.find("pcie_link")) {
    add(Severity::Info, "pcie_width", "PCIe link not checked: " + why->to_string());
  }
  if (gen_now && gen_max) {
    const std::string text =
        "PCIe generation " + std::to_string(*gen_now) + " of " + std::to_string(*gen_max);
    if (*gen_now < *gen_max)
      add(Severity::Info, "pcie_generation",
          text + ": drivers lower it at idle; read it again under load before blaming the slot");
    else
      add(Severity::Pass, "pcie_generation", text);
  }
  return out;
}

}  // namespace gpuprobe
