// The identity check on crafted device info: PCI id against the driver's name and the spec
// database, VRAM, bus width, SM/CU count and the PCIe link.
#include "gpuprobe/identity_check.hpp"

#include <gtest/gtest.h>

namespace gpuprobe {
namespace {

const char* kRows =
    "vendor,name,compute_target,vram_gib,bus_width_bits,sm_or_cu_count,pci_vendor_id,"
    "pci_device_id,pci_id_shared\n"
    "NVIDIA,GeForce RTX 3090,8.6,24,384,82,10de,2204,\n"
    "AMD,Radeon RX 580,gfx803,8,256,36,1002,67df,yes\n"
    "AMD,Radeon RX 570,gfx803,4,256,32,1002,67df,yes\n"
    "AMD,Radeon RX 5700,gfx1010,8,256,36,1002,731f,yes\n"
    "AMD,Radeon RX 5700 XT,gfx1010,8,256,40,1002,731f,yes\n";

const PciIds& pci_ids() {
  static const PciIds ids = PciIds::parse(
      "#\tDate:    2023-04-10 20:08:02\n"
      "10de  NVIDIA Corporation\n"
      "\t2204  GA102 [GeForce RTX 3090]\n"
      "\t2b85  GB202 [GeForce RTX 5090]\n"
      "1002  Advanced Micro Devices, Inc. [AMD/ATI]\n"
      "\t67df  Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]\n");
  return ids;
}

struct Crafted {
  DeviceInfo device;
  std::optional<PciId> id;
  SpecDatabase specs = SpecDatabase::parse(kRows, "rows.csv");
  std::vector<IdentityFinding> run() const {
    return check_identity({&device, id, &specs, &pci_ids()});
  }
};

Crafted rtx3090() {
  Crafted c;
  c.device.backend = "cuda";
  c.device.name = "NVIDIA GeForce RTX 3090";
  c.device.info = {{"global_mem_bytes", int64_t{25438126080}, "bytes"},  // 23.69 GiB
                   {"memory_bus_width_bits", int64_t{384}, "bits"},
                   {"compute_units", int64_t{82}, ""},
                   {"pcie_generation_current", int64_t{4}, ""},
                   {"pcie_width_current", int64_t{16}, "lanes"},
                   {"pcie_generation_max", int64_t{4}, ""},
                   {"pcie_width_max", int64_t{16}, "lanes"}};
  c.id = PciId{0x10de, 0x2204};
  return c;
}

void set_int(DeviceInfo& d, const std::string& key, int64_t v) {
  for (auto& i : d.info)
    if (i.key == key) i.value = v;
}

const IdentityFinding* finding(const std::vector<IdentityFinding>& all, const std::string& check) {
  for (const auto& f : all)
    if (f.check == check) return &f;
  return nullptr;
}

// The severity of one check's finding; a missing finding fails the test.
Severity severity_of(const Crafted& c, const std::string& check) {
  const auto findings = c.run();
  const IdentityFinding* f = finding(findings, check);
  if (!f) ADD_FAILURE() << "no " << check << " finding";
  return f ? f->severity : Severity::Pass;
}

TEST(IdentityCheck, AGenuineHealthyCardPassesEveryCheck) {
  const auto findings = rtx3090().run();
  ASSERT_EQ(findings.size(), 6u);
  for (const auto& f : findings)
    EXPECT_EQ(f.severity, Severity::Pass) << f.check << ": " << f.message;
  EXPECT_EQ(worst_severity(findings), Severity::Pass);
  EXPECT_EQ(finding(findings, "vram")->message,
            "23.7 GiB reported, the GeForce RTX 3090 has 24.0 GiB");
}

TEST(IdentityCheck, AFlashedBiosShowsAsPciIdAgainstName) {
  // An RX 580 (die id 1002:67df) flashed to present itself as an RX 5700.
  Crafted c;
  c.device.backend = "vulkan";
  c.device.name = "AMD Radeon RX 5700 (RADV POLARIS10)";
  c.id = PciId{0x1002, 0x67df};
  const auto findings = c.run();
  const IdentityFinding* f = finding(findings, "pci_id_vs_name");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::Failure);
  EXPECT_EQ(f->message,
            "the driver calls the card 'AMD Radeon RX 5700 (RADV POLARIS10)', but its PCI id "
            "1002:67df belongs to Radeon RX 580, Radeon RX 570 (pci.ids: Ellesmere [Radeon RX "
            "470/480/570/570X/580/580X/590]): a flashed BIOS or a relabelled card");
  EXPECT_EQ(worst_severity(findings), Severity::Failure);
}

TEST(IdentityCheck, APciIdsNameThatDisagreesWithTheDriverWarnsWithoutASpecRow) {
  Crafted c;
  c.device.name = "NVIDIA GeForce RTX 4090";  // not in the crafted rows
  c.id = PciId{0x10de, 0x2b85};
  const auto findings = c.run();
  const IdentityFinding* f = finding(findings, "pci_id_vs_name");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::Warning);
  EXPECT_NE(f->message.find("pci.ids names PCI id 10de:2b85 'GB202 [GeForce RTX 5090]'"),
            std::string::npos);
  c.device.name = "NVIDIA GeForce RTX 5090";
  EXPECT_EQ(severity_of(c, "pci_id_vs_name"), Severity::Pass);
}

TEST(IdentityCheck, TooLittleOrTooMuchVramFails) {
  Crafted c = rtx3090();
  set_int(c.device, "global_mem_bytes", int64_t{12} << 30);
  EXPECT_EQ(severity_of(c, "vram"), Severity::Failure);
  set_int(c.device, "global_mem_bytes", int64_t{48} << 30);
  EXPECT_EQ(severity_of(c, "vram"), Severity::Failure);
}

TEST(IdentityCheck, ANarrowerBusOrFewerSmsFail) {
  Crafted c = rtx3090();
  set_int(c.device, "memory_bus_width_bits", 320);
  EXPECT_EQ(severity_of(c, "bus_width"), Severity::Failure);
  c = rtx3090();
  set_int(c.device, "compute_units", 68);
  const auto findings = c.run();
  const IdentityFinding* f = finding(findings, "sm_cu_count");
  EXPECT_EQ(f->severity, Severity::Failure);
  EXPECT_EQ(f->message,
            "68 SMs reported, the GeForce RTX 3090 has 82: a cut-down or different chip");
}

TEST(IdentityCheck, RdnaOpenclWorkGroupProcessorsCountAsTwoCus) {
  Crafted c;
  c.device.backend = "opencl";
  c.device.name = "AMD Radeon RX 5700 XT";
  c.device.info = {{"compute_units", int64_t{20}, ""}};
  c.id = PciId{0x1002, 0x731f};
  EXPECT_EQ(severity_of(c, "sm_cu_count"), Severity::Pass);
  c.device.info = {{"compute_units", int64_t{18}, ""}};
  EXPECT_EQ(severity_of(c, "sm_cu_count"), Severity::Failure);
}

TEST(IdentityCheck, FewerPcieLanesWarnAndALowerGenerationIsOnlyNoted) {
  Crafted c = rtx3090();
  set_int(c.device, "pcie_width_current", 4);
  EXPECT_EQ(severity_of(c, "pcie_width"), Severity::Warning);
  c = rtx3090();
  set_int(c.device, "pcie_width_current", 4);
  set_int(c.device, "pcie_width_max", 4);  // the riser or slot caps the link itself
  EXPECT_EQ(severity_of(c, "pcie_width"), Severity::Warning);
  c = rtx3090();
  set_int(c.device, "pcie_generation_current", 1);
  EXPECT_EQ(severity_of(c, "pcie_generation"), Severity::Info);
}

TEST(IdentityCheck, WithoutPciIdOrRowItSaysWhatWasNotChecked) {
  Crafted c;
  c.device.backend = "vulkan";
  c.device.name = "llvmpipe (LLVM 15.0.6, 256 bits)";
  c.device.info = {{"global_mem_bytes", int64_t{1} << 30, "bytes"},
                   {"pcie_link", std::string("unavailable: no NVML"), ""}};
  const auto findings = c.run();
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].check, "pci_id");
  EXPECT_EQ(findings[1].check, "spec_row");
  EXPECT_EQ(findings[1].message,
            "no spec row: give one with --spec-file: VRAM, bus width and SM/CU count are not "
            "checked");
  EXPECT_EQ(findings[2].message, "PCIe link not checked: unavailable: no NVML");
  EXPECT_EQ(worst_severity(findings), Severity::Info);
}

TEST(IdentityCheck, PciNamesMatchByModelToken) {
  EXPECT_TRUE(pci_name_plausibly_matches("Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]",
                                         "Radeon RX 580"));
  EXPECT_TRUE(pci_name_plausibly_matches("Navi 33 [Radeon RX 7700S/7600S]", "Radeon RX 7600"));
  EXPECT_TRUE(pci_name_plausibly_matches("GV100GL [Tesla V100 SXM2 16GB]", "Tesla V100 SXM2 16GB"));
  EXPECT_TRUE(pci_name_plausibly_matches("Vega 20 [Radeon VII]", "Radeon VII"));
  EXPECT_FALSE(pci_name_plausibly_matches("Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]",
                                          "Radeon RX 5700"));
  EXPECT_FALSE(pci_name_plausibly_matches("Vega 20 [Radeon Instinct]", "Radeon Instinct MI60"));
}

}  // namespace
}  // namespace gpuprobe
