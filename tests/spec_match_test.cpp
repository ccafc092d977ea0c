// Matching a device to its spec row (PCI id from device info or sysfs, else its name) and the
// shares of the row's figures its results reached.
#include "gpuprobe/spec_match.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gpuprobe/result_io.hpp"

namespace gpuprobe {
namespace {

const char* kRows =
    "vendor,name,memory_bandwidth_gbs,fp32_tflops,fp16_tensor_tflops,pci_vendor_id,pci_device_id,"
    "pci_id_shared\n"
    "NVIDIA,GeForce RTX 3090,936,35.58,71,10de,2204,\n"
    "AMD,Radeon RX 580,256,6.17,,1002,67df,yes\n"
    "AMD,Radeon RX 570,224,5.1,,1002,67df,yes\n"
    "AMD,Radeon RX 5700,448,7.95,,1002,731f,\n";

SpecDatabase db() { return SpecDatabase::parse(kRows, "rows.csv"); }

DeviceInfo device(const std::string& name, std::vector<InfoValue> info = {}) {
  DeviceInfo d;
  d.backend = "vulkan";
  d.name = name;
  d.info = std::move(info);
  return d;
}

TEST(DevicePciId, VulkanKeysGiveIt) {
  const auto id = device_pci_id(
      device("x", {{"vendor_id", int64_t{0x10de}, ""}, {"device_id", int64_t{0x2204}, ""}}));
  ASSERT_TRUE(id);
  EXPECT_EQ(to_string(*id), "10de:2204");
}

TEST(DevicePciId, LavapipesKhronosVendorIdIsNotAPciId) {
  EXPECT_FALSE(device_pci_id(
      device("llvmpipe", {{"vendor_id", int64_t{0x10005}, ""}, {"device_id", int64_t{0}, ""}}),
      "/nonexistent"));
}

TEST(DevicePciId, CudaAndOpenclAddressesAreLookedUpInSysfs) {
  const auto root = std::filesystem::temp_directory_path() / "gpuprobe_sysfs_test";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "0000:01:00.0");
  std::ofstream(root / "0000:01:00.0" / "vendor") << "0x10de\n";
  std::ofstream(root / "0000:01:00.0" / "device") << "0x2204\n";
  // CUDA writes NVML's 8-digit domain; OpenCL the 4-digit one sysfs uses.
  for (const auto& [key, address] : std::vector<std::pair<std::string, std::string>>{
           {"pci_address", "00000000:01:00.0"}, {"pci_bus_id", "0000:01:00.0"}}) {
    const auto id = device_pci_id(device("x", {{key, address, ""}}), root.string());
    ASSERT_TRUE(id) << key;
    EXPECT_EQ(to_string(*id), "10de:2204");
  }
  EXPECT_FALSE(
      device_pci_id(device("x", {{"pci_bus_id", std::string("0000:02:00.0"), ""}}), root.string()));
  std::filesystem::remove_all(root);
}

TEST(SpecMatch, ByPciIdFirstThenName) {
  const SpecDatabase rows = db();
  SpecMatch m = match_spec(rows, device("Some odd name"), PciId{0x10de, 0x2204});
  ASSERT_NE(m.spec, nullptr);
  EXPECT_EQ(m.spec->name, "GeForce RTX 3090");
  EXPECT_EQ(m.matched_by, "PCI id 10de:2204");
  m = match_spec(rows, device("NVIDIA GeForce RTX 3090"), std::nullopt);
  ASSERT_NE(m.spec, nullptr);
  EXPECT_EQ(m.matched_by, "name");
}

TEST(SpecMatch, ASharedDieIdIsSettledByTheName) {
  const SpecDatabase rows = db();
  SpecMatch m =
      match_spec(rows, device("AMD Radeon RX 570 (RADV POLARIS10)"), PciId{0x1002, 0x67df});
  ASSERT_NE(m.spec, nullptr);
  EXPECT_EQ(m.spec->name, "Radeon RX 570");
  EXPECT_EQ(m.matched_by, "PCI id 1002:67df and name");
  m = match_spec(rows, device("AMD Radeon RX 5700"), PciId{0x1002, 0x67df});
  EXPECT_EQ(m.spec, nullptr);
  EXPECT_EQ(m.note,
            "no spec row: give one with --spec-file (PCI id 1002:67df is shared by Radeon RX 580, "
            "Radeon RX 570; the name 'AMD Radeon RX 5700' matches none of them)");
}

TEST(SpecMatch, AnUnknownDeviceSaysHowToGiveARow) {
  const SpecMatch m = match_spec(db(), device("llvmpipe (LLVM 15.0.6, 256 bits)"), std::nullopt);
  EXPECT_EQ(m.spec, nullptr);
  EXPECT_EQ(m.note, kNoSpecRow);
}

Measurement ok_point(double median, KernelParams p = {}) {
  Measurement m;
  m.requested = m.effective = p;
  m.status = MeasurementStatus::Ok;
  m.figure.median = median;
  m.figure.count = 1;
  return m;
}

DeviceResult result_3090() {
  DeviceResult r;
  r.device = device("NVIDIA GeForce RTX 3090",
                    {{"vendor_id", int64_t{0x10de}, ""}, {"device_id", int64_t{0x2204}, ""}});
  r.memory.dram_working_set_bytes = 1 << 30;
  KernelParams small, big4, big1;
  small.size_bytes = 1 << 20;
  big4.size_bytes = big1.size_bytes = 1 << 30;
  big4.vector_width = 4;
  // The 1 MiB point fits the cache and is faster: the share must use the DRAM size.
  r.kernels.push_back({"read",
                       "bandwidth",
                       "GB/s",
                       {ok_point(2000, small), ok_point(842.4, big4), ok_point(800, big1)}});
  r.kernels.push_back({"copy", "bandwidth", "GB/s", {ok_point(748.8, big4)}});
  r.kernels.push_back({"compute_fp32", "compute", "GFLOPS", {ok_point(32022)}});
  KernelParams fp16, fp32;
  fp16.precision = "fp16";
  fp16.m = fp16.n = fp16.k = 4096;
  fp32 = fp16;
  fp32.precision = "fp32";
  Measurement failed = ok_point(99999, fp16);
  failed.status = MeasurementStatus::VerificationFailed;
  r.kernels.push_back({"matmul_vendor",
                       "matmul",
                       "GFLOPS",
                       {ok_point(30000, fp32), ok_point(63900, fp16), failed}});
  return r;
}

TEST(SpecShares, UseTheDramSizeTheBestWidthAndOnlyVerifiedFp16Points) {
  const SpecDatabase rows = db();
  const auto shares = spec_shares(result_3090(), rows.rows()[0]);
  ASSERT_EQ(shares.size(), 4u);
  EXPECT_EQ(shares[0].figure, "read bandwidth");
  EXPECT_DOUBLE_EQ(shares[0].measured, 842.4);
  EXPECT_NEAR(shares[0].share(), 0.9, 1e-9);
  EXPECT_EQ(shares[0].params, "1 GiB w4");
  EXPECT_EQ(shares[1].figure, "copy bandwidth");
  EXPECT_NEAR(shares[1].share(), 0.8, 1e-9);
  EXPECT_EQ(shares[2].figure, "fp32 compute");
  EXPECT_NEAR(shares[2].share(), 0.9, 1e-3);
  EXPECT_EQ(shares[3].figure, "fp16 tensor");
  EXPECT_EQ(shares[3].kernel, "matmul_vendor");
  EXPECT_NEAR(shares[3].share(), 0.9, 1e-9);
}

TEST(SpecShares, AreStoredInTheJsonAndReadBack) {
  RunReport report;
  report.devices.push_back(result_3090());
  DeviceResult cpu;
  cpu.device = device("AMD EPYC");
  cpu.device.backend = "cpu";
  report.devices.push_back(cpu);
  attach_spec_comparisons(report, db());
  ASSERT_TRUE(report.devices[0].spec && report.devices[1].spec);
  EXPECT_TRUE(report.devices[0].spec->recognised);
  EXPECT_EQ(report.devices[0].spec->matched_by, "PCI id 10de:2204");
  EXPECT_EQ(report.devices[0].spec->row_origin, "rows.csv:2");
  EXPECT_FALSE(report.devices[1].spec->recognised);
  EXPECT_EQ(report.devices[1].spec->note, kNoSpecRow);
  // The crafted points have no samples, which the reader rightly refuses; the spec block
  // stands on its own.
  report.devices[0].kernels.clear();
  const std::string text = to_json(report);
  EXPECT_NE(text.find("\"minor\": 5"), std::string::npos);
  const RunReport back = from_json(text);
  EXPECT_EQ(back.devices[0].spec, report.devices[0].spec);
  EXPECT_EQ(back.devices[1].spec, report.devices[1].spec);
}

TEST(SpecShares, AMalformedSpecBlockInAResultIsRefused) {
  RunReport report;
  report.devices.push_back(result_3090());
  attach_spec_comparisons(report, db());
  report.devices[0].kernels.clear();
  std::string text = to_json(report);
  const std::string from = "\"recognised\": true";
  text.replace(text.find(from), from.size(), "\"recognised\": \"yes\"");
  try {
    from_json(text);
    FAIL() << "accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/devices/0/spec/recognised"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace gpuprobe
