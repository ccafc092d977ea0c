#include "cli/identity_command.hpp"

#include <cstdio>
#include <optional>

#include "gpuprobe/identity_check.hpp"
#include "gpuprobe/pci_ids.hpp"
#include "gpuprobe/spec_db.hpp"
#include "gpuprobe/spec_match.hpp"
#include "gpuprobe/support_horizon.hpp"

namespace gpuprobe::cli {
namespace {

void print_support(const std::optional<SupportHorizon>& horizon, const std::string& vendor,
                   const std::string& target) {
  if (target.empty()) {
    std::printf("  support: unknown (no compute capability or gfx target for this device)\n");
    return;
  }
  const auto entry = horizon ? horizon->lookup(vendor, target) : std::nullopt;
  if (!entry) {
    std::printf("  support: %s %s is not in the support-horizon table\n", vendor.c_str(),
                target.c_str());
    return;
  }
  std::printf("  support (%s %s, %s):\n", vendor.c_str(), target.c_str(),
              entry->architecture.c_str());
  for (const auto& [what, fact] :
       {std::pair{"driver", &entry->driver}, std::pair{"toolkit", &entry->toolkit},
        std::pair{"PyTorch", &entry->pytorch}})
    std::printf("    %-8s %-8s %s [source: %s]\n", what, to_string(fact->status),
                fact->text.c_str(), fact->source.c_str());
}

}  // namespace

int run_identity_check(const Session& session, const std::string& spec_file) {
  std::string missing;
  const SpecDatabase specs = load_spec_database(spec_file, &missing).value_or(SpecDatabase{});
  if (!missing.empty()) std::fprintf(stderr, "note: %s\n", missing.c_str());
  std::optional<PciIds> pci_ids;
  if (const std::string path = default_pci_ids_path(); !path.empty()) {
    try {
      pci_ids = PciIds::load(path);
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "note: %s\n", e.what());
    }
  } else {
    std::fprintf(stderr,
                 "note: pci.ids not found (apt-get install pci.ids); PCI ids are checked against "
                 "the spec database only\n");
  }
  std::optional<SupportHorizon> horizon;
  if (const std::string path = default_support_horizon_path(); !path.empty())
    horizon = SupportHorizon::load(path);

  Severity overall = Severity::Pass;
  size_t devices = 0, without_row = 0;
  for (const auto& backend : session.backends()) {
    if (!backend.available) {
      std::printf("%s: unavailable: %s\n", backend.name.c_str(), backend.reason.c_str());
      continue;
    }
    for (const DeviceInfo& device : backend.devices) {
      ++devices;
      const auto id = device_pci_id(device);
      const SpecMatch match = match_spec(specs, device, id);
      without_row += match.spec == nullptr;
      std::printf("\n%s", device.label().c_str());
      if (id) std::printf(" PCI id %s", to_string(*id).c_str());
      if (match.spec)
        std::printf(": %s (by %s; %s)\n", match.spec->name.c_str(), match.matched_by.c_str(),
                    match.spec->origin.c_str());
      else
        std::printf(": %s\n", match.note.c_str());
      const auto findings = check_identity({&device, id, &specs, pci_ids ? &*pci_ids : nullptr});
      for (const auto& f : findings)
        std::printf("  %-8s %-16s %s\n", to_string(f.severity), f.check.c_str(), f.message.c_str());
      overall = std::max(overall, worst_severity(findings));
      // The driver's compute capability where CUDA reports it, else the spec row's target.
      std::string target = match.spec ? match.spec->compute_target : std::string();
      if (const InfoValue* cc = device.find("compute_capability")) target = cc->to_string();
      print_support(horizon, match.spec ? match.spec->vendor : std::string("NVIDIA"), target);
    }
  }
  if (devices == 0) std::printf("no device to check\n");
  std::printf("\nidentity: %s (%zu device(s), %zu without a spec row: not checked against one)\n",
              overall == Severity::Failure   ? "FAIL"
              : overall == Severity::Warning ? "WARN"
                                             : "PASS",
              devices, without_row);
  return overall == Severity::Failure ? 1 : 0;
}

}  // namespace gpuprobe::cli
