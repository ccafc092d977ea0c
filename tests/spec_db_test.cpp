// The spec database: its loader (line-numbered errors), and the shipped file's consistency
// (bandwidth and fp32 derived from their parts, unique PCI ids, pci.ids names). The checks
// are proven here on rows broken on purpose.
#include "gpuprobe/spec_db.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "gpuprobe/pci_ids.hpp"
#include "gpuprobe/spec_consistency.hpp"

namespace gpuprobe {
namespace {

const std::string kShipped = std::string(GPUPROBE_SOURCE_DIR) + "/probe/data/gpu_specs.csv";

const char* kHeader =
    "vendor,name,architecture,compute_target,launch_year,vram_gib,memory_type,bus_width_bits,"
    "memory_data_rate_gbps,memory_bandwidth_gbs,shader_units,boost_clock_mhz,"
    "fp32_flops_per_shader_clock,fp32_tflops,fp16_tensor_tflops,bf16_tensor_tflops,"
    "sm_or_cu_count,tdp_w,launch_price_usd,pci_vendor_id,pci_device_id,pci_id_shared,"
    "source_type\n";
// The RTX 3090 as the shipped file has it: consistent.
const char* k3090 =
    "NVIDIA,GeForce RTX 3090,Ampere,8.6,2020,24,GDDR6X,384,19.5,936,10496,1695,2,35.58,71,71,82,"
    "350,1499,10de,2204,,whitepaper\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  try {
    SpecDatabase::parse(text, "specs.csv");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

// A pci.ids excerpt in the file's own layout.
PciIds small_pci_ids() {
  return PciIds::parse(
      "#\tDate:    2023-04-10 20:08:02\n"
      "10de  NVIDIA Corporation\n"
      "\t2204  GA102 [GeForce RTX 3090]\n"
      "\t\t10de 1454  subsystem line, skipped\n"
      "1002  Advanced Micro Devices, Inc. [AMD/ATI]\n"
      "\t67df  Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]\n"
      "C 03  Display controller\n"
      "\t00  VGA compatible controller\n");
}

TEST(SpecDatabase, ParsesRowsWithCommentsAndOptionalCells) {
  const SpecDatabase db = SpecDatabase::parse(
      std::string("# comment\n\n") + kHeader + "# another\n" + k3090, "specs.csv");
  ASSERT_EQ(db.rows().size(), 1u);
  const GpuSpec& r = db.rows()[0];
  EXPECT_EQ(r.name, "GeForce RTX 3090");
  EXPECT_EQ(r.compute_target, "8.6");
  EXPECT_EQ(r.launch_year, 2020);
  EXPECT_DOUBLE_EQ(*r.memory_bandwidth_gbs, 936);
  EXPECT_EQ(r.pci_vendor_id, 0x10de);
  EXPECT_EQ(r.pci_device_id, 0x2204);
  EXPECT_FALSE(r.pci_id_shared);
  EXPECT_EQ(r.origin, "specs.csv:5");
}

TEST(SpecDatabase, AUserFileNeedsOnlyVendorAndNameInAnyOrder) {
  const SpecDatabase db =
      SpecDatabase::parse("name,vendor,fp32_tflops\n\"My Card, rev 2\",Other,1.5\n", "mine.csv");
  ASSERT_EQ(db.rows().size(), 1u);
  EXPECT_EQ(db.rows()[0].name, "My Card, rev 2");
  EXPECT_DOUBLE_EQ(*db.rows()[0].fp32_tflops, 1.5);
  EXPECT_FALSE(db.rows()[0].memory_bandwidth_gbs.has_value());
}

TEST(SpecDatabase, MalformedRowsNameTheirLine) {
  const std::string good = std::string("# c\n") + kHeader + k3090;
  EXPECT_EQ(error_of(good + replace(k3090, "936", "93x6")),
            "specs.csv:4: memory_bandwidth_gbs '93x6' is not a number >= 0 (leave the cell "
            "empty where the figure is unknown)");
  EXPECT_EQ(error_of(good + replace(k3090, ",whitepaper", "")),
            "specs.csv:4: has 22 fields, the header has 23");
  EXPECT_EQ(error_of(good + replace(k3090, "10de,2204", "10de,22g4")),
            "specs.csv:4: pci_device_id '22g4' is not a 4-digit hex id like 10de");
  EXPECT_EQ(error_of(good + replace(k3090, "936", "-936"))
                .rfind("specs.csv:4: memory_bandwidth_gbs '-936' is not a number >= 0", 0),
            0u);
  EXPECT_EQ(error_of(good + replace(k3090, ",2020,", ",20.5,")),
            "specs.csv:4: launch_year '20.5' is not a year");
  EXPECT_EQ(error_of(good + replace(k3090, "2204,,", "2204,maybe,")),
            "specs.csv:4: pci_id_shared 'maybe' is not 'yes' or empty");
  EXPECT_EQ(error_of("vendor,name\n\"open,x\n"), "specs.csv:2: a quoted field is not closed");
  EXPECT_EQ(error_of("vendor,name,colour\n").substr(0, 41),
            "specs.csv:1: unknown column 'colour' in t");
  EXPECT_EQ(error_of("vendor,fp32_tflops\n"),
            "specs.csv:1: the header has no 'name' column (the first line that is not a comment "
            "is the header)");
  EXPECT_EQ(error_of("# only comments\n").rfind("specs.csv: no header row (a line naming", 0), 0u);
}

TEST(SpecDatabase, ExtraRowsOverrideByNameAndAddNewOnes) {
  SpecDatabase db = SpecDatabase::parse(std::string(kHeader) + k3090, "a.csv");
  db.add_or_override(SpecDatabase::parse(
      "vendor,name,memory_bandwidth_gbs\nNVIDIA,NVIDIA GeForce RTX 3090,900\nAMD,New,1\n",
      "b.csv"));
  ASSERT_EQ(db.rows().size(), 2u);
  EXPECT_DOUBLE_EQ(*db.rows()[0].memory_bandwidth_gbs, 900);
  EXPECT_EQ(db.rows()[0].origin, "b.csv:2");
  EXPECT_EQ(db.rows()[1].name, "New");
}

TEST(SpecDatabase, NamesNormalizeAcrossDrivers) {
  EXPECT_EQ(normalize_gpu_name("NVIDIA GeForce RTX 3090"), "geforce rtx 3090");
  EXPECT_EQ(normalize_gpu_name("AMD Radeon RX 7900 XTX (RADV NAVI31)"), "radeon rx 7900 xtx");
  EXPECT_EQ(normalize_gpu_name("Tesla V100-SXM2-16GB"), "tesla v100 sxm2 16gb");
  EXPECT_EQ(normalize_gpu_name("llvmpipe (LLVM 15.0.6, 256 bits)"), "llvmpipe");
}

TEST(PciIdsFile, ReadsVendorsDevicesAndDateSkippingSubsystemsAndClasses) {
  const PciIds ids = small_pci_ids();
  EXPECT_EQ(ids.date(), "2023-04-10");
  EXPECT_EQ(ids.device_name(0x10de, 0x2204), "GA102 [GeForce RTX 3090]");
  EXPECT_EQ(ids.vendor_name(0x1002), "Advanced Micro Devices, Inc. [AMD/ATI]");
  EXPECT_FALSE(ids.device_name(0x10de, 0x1454).has_value());
  EXPECT_EQ(ids.device_count(), 2u);
}

// The consistency rules, each shown to catch a row broken on purpose.
std::vector<std::string> problems_of(const std::string& rows, const PciIds* ids = nullptr) {
  return spec_consistency_problems(SpecDatabase::parse(kHeader + rows, "specs.csv"), ids);
}

TEST(SpecConsistency, AConsistentRowPasses) {
  const PciIds ids = small_pci_ids();
  EXPECT_EQ(problems_of(k3090, &ids), std::vector<std::string>{});
}

TEST(SpecConsistency, CatchesBandwidthThatDoesNotFollowFromBusAndDataRate) {
  const auto p = problems_of(replace(k3090, ",19.5,936,", ",19.5,836,"));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0],
            "specs.csv:2 GeForce RTX 3090: memory bandwidth 836 GB/s, but 384 bits x 19.5 Gbps "
            "/ 8 = 936 GB/s");
}

TEST(SpecConsistency, CatchesFp32ThatDoesNotFollowFromShadersAndClock) {
  const auto p = problems_of(replace(k3090, ",1695,2,35.58,", ",1395,2,35.58,"));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("fp32 35.58 TFLOPS, but 1.05e+04 shaders x 1395 MHz x 2 = 29.28 TFLOPS"),
            std::string::npos)
      << p[0];
}

TEST(SpecConsistency, DuplicateIdsMustBeMarkedSharedOnEveryRow) {
  const std::string twin = replace(k3090, "GeForce RTX 3090,", "GeForce RTX 3090 Twin,");
  const auto p = problems_of(std::string(k3090) + twin);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_NE(p[0].find("PCI id 10de:2204 is also on 1 other row(s)"), std::string::npos) << p[0];
  const std::string shared = replace(k3090, "2204,,", "2204,yes,");
  EXPECT_EQ(problems_of(shared + replace(shared, "RTX 3090,", "RTX 3090 Twin,")).size(), 0u);
  const auto lone = problems_of(shared);
  ASSERT_EQ(lone.size(), 1u);
  EXPECT_NE(lone[0].find("no other row has PCI id 10de:2204"), std::string::npos);
}

TEST(SpecConsistency, CatchesAWrongVendorIdAndARepeatedName) {
  const auto p = problems_of(replace(k3090, "10de,2204", "1002,2204"));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("PCI vendor id 1002 is not NVIDIA's"), std::string::npos) << p[0];
  const auto twice = problems_of(std::string(k3090) + replace(k3090, "2204", "2205"));
  ASSERT_EQ(twice.size(), 1u);
  EXPECT_NE(twice[0].find("the same name as the row at specs.csv:2"), std::string::npos);
}

TEST(SpecConsistency, PciIdsMustNameTheCardOrPredateIt) {
  const PciIds ids = small_pci_ids();
  // An RX 580's id on a row that says RX 5700: pci.ids names another card.
  const auto wrong = problems_of(
      "AMD,Radeon RX 5700,RDNA 1,gfx1010,2019,8,GDDR6,256,14.0,448,2304,1725,2,7.95,,,36,180,349,"
      "1002,67df,,vendor page\n",
      &ids);
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_NE(wrong[0].find("pci.ids names PCI id 1002:67df 'Ellesmere [Radeon RX 470/480/"),
            std::string::npos)
      << wrong[0];
  // An id pci.ids lacks: fine for a card newer than the file, not for an older one.
  EXPECT_EQ(problems_of(replace(k3090, "2204", "2b85"), &ids).size(), 1u);
  EXPECT_EQ(problems_of(replace(replace(k3090, "2204", "2b85"), ",2020,", ",2025,"), &ids).size(),
            0u);
}

TEST(ShippedSpecDatabase, HasEveryColumnAndAtLeast120NvidiaAndAmdCards) {
  std::ifstream in(kShipped);
  std::string line;
  while (std::getline(in, line) && (line.empty() || line[0] == '#')) {
  }
  std::string expected;
  for (const auto& c : SpecDatabase::columns()) expected += (expected.empty() ? "" : ",") + c;
  EXPECT_EQ(line, expected);
  const SpecDatabase db = SpecDatabase::load(kShipped);
  EXPECT_GE(db.rows().size(), 120u);
  std::map<std::string, int> per_vendor;
  std::set<std::string> sources;
  std::vector<std::string> without_id;
  for (const auto& r : db.rows()) {
    ++per_vendor[r.vendor];
    sources.insert(r.source_type);
    EXPECT_TRUE(r.launch_year && !r.architecture.empty() && !r.source_type.empty())
        << r.origin << " " << r.name << ": year, architecture and source are required";
    if (!r.pci_vendor_id) without_id.push_back(r.name);
  }
  // A PCI id is left empty only where pci.ids cannot confirm it (its entry names the die
  // family, not the card): few rows, listed.
  EXPECT_LE(without_id.size(), 3u);
  for (const auto& name : without_id) std::printf("no PCI id: %s\n", name.c_str());
  EXPECT_EQ(per_vendor.size(), 2u);
  EXPECT_GE(per_vendor["NVIDIA"], 60);
  EXPECT_GE(per_vendor["AMD"], 40);
  EXPECT_EQ(sources, (std::set<std::string>{"datasheet", "vendor page", "whitepaper"}));
  // From Kepler/GCN 1 to the current generations, consumer and data centre.
  for (const char* name :
       {"GeForce GTX 680", "Radeon HD 7970", "GeForce RTX 5090", "Radeon RX 9070 XT",
        "H100 SXM5 80GB", "H200 SXM 141GB", "B200", "Instinct MI300X"})
    EXPECT_NE(db.by_name(name), nullptr) << name;
}

TEST(ShippedSpecDatabase, EveryRowIsConsistentAndNamedByPciIds) {
  const SpecDatabase db = SpecDatabase::load(kShipped);
  const std::string path = default_pci_ids_path();
  if (path.empty()) GTEST_FAIL() << "pci.ids not found: apt-get install pci.ids (scripts/setup.sh)";
  const PciIds ids = PciIds::load(path);
  for (const auto& p : spec_consistency_problems(db, &ids)) ADD_FAILURE() << p;
  // Cards newer than this pci.ids are accepted by launch year; list them so a newer file
  // that still lacks one is noticed.
  const auto missing = spec_ids_missing_from(db, ids);
  std::string list;
  for (const auto& m : missing) list += "\n  " + m;
  std::printf("%zu of %zu rows have a PCI id this pci.ids (%s) lacks:%s\n", missing.size(),
              db.rows().size(), ids.date().c_str(), list.c_str());
}

}  // namespace
}  // namespace gpuprobe
