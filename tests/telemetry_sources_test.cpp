// The telemetry sources plugins export (backends/telemetry): NVML's clock-event bits decoded
// to the ABI's names, NVML's absence reported as such, and amdgpu hwmon read from a fake
// sysfs tree this test builds (units: millidegrees C, microwatts, Hz, pwm 0..255).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "telemetry/amdgpu_hwmon.hpp"
#include "telemetry/clock_events.hpp"
#include "telemetry/nvml_telemetry.hpp"

using namespace gpuprobe;
using namespace gpuprobe::telemetry;
namespace fs = std::filesystem;

TEST(NvmlClockEvents, EachDocumentedBitHasItsName) {
  // nvmlClocksEventReason* values from the NVML API reference.
  const std::pair<uint64_t, const char*> documented[] = {
      {0x1, "idle"},        {0x2, "application_clocks"}, {0x4, "sw_power_cap"},
      {0x8, "hw_slowdown"}, {0x10, "sync_boost"},        {0x20, "sw_thermal"},
      {0x40, "hw_thermal"}, {0x80, "hw_power_brake"},    {0x100, "display_clocks"}};
  for (const auto& [bit, name] : documented)
    EXPECT_EQ(clock_event_names(clock_events_from_nvml(bit)), std::vector<std::string>{name})
        << "NVML bit 0x" << std::hex << bit;
  EXPECT_TRUE(clock_event_names(clock_events_from_nvml(0)).empty());
  EXPECT_EQ(clock_event_names(clock_events_from_nvml(0x4 | 0x40)),
            (std::vector<std::string>{"sw_power_cap", "hw_thermal"}));
  // A reason NVML adds later is not dropped: it is "other".
  EXPECT_EQ(clock_event_names(clock_events_from_nvml(uint64_t{1} << 40)),
            std::vector<std::string>{"other"});
}

TEST(NvmlTelemetry, MissingLibraryIsUnavailableWithItsName) {
  try {
    open_nvml("0000:01:00.0", {}, "libnvidia-ml-not-here.so.1");
    FAIL() << "opened an NVML that does not exist";
  } catch (const plugin::Error& e) {
    EXPECT_EQ(e.status, GP_ERR_UNAVAILABLE);
    EXPECT_EQ(e.message, "NVML not found (libnvidia-ml-not-here.so.1)");
  }
  EXPECT_EQ(nvml_not_found_message(), "NVML not found (libnvidia-ml.so.1)");
}

TEST(NvmlPcieLink, MissingLibraryIsUnavailableWithItsName) {
  // The CUDA plugin's PCIe keys come from here; without NVML it says why instead.
  try {
    nvml_pcie_link("00000000:01:00.0", "libnvidia-ml-not-here.so.1");
    FAIL() << "read a PCIe link through an NVML that does not exist";
  } catch (const plugin::Error& e) {
    EXPECT_EQ(e.status, GP_ERR_UNAVAILABLE);
    EXPECT_EQ(e.message, "NVML not found (libnvidia-ml-not-here.so.1)");
  }
}

namespace {

class FakeSysfs : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("gpuprobe-fake-sysfs-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path hwmon(const std::string& bus_id, const std::string& n) {
    const fs::path dir = root_ / "bus/pci/devices" / bus_id / "hwmon" / n;
    fs::create_directories(dir);
    return dir;
  }
  static void put(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text << "\n";
  }
  fs::path root_;
};

double field(const gp_telemetry_sample& s, gp_telemetry_field f) {
  EXPECT_TRUE((s.present >> f) & 1u) << "field " << f << " absent";
  return s.values[f];
}

}  // namespace

TEST_F(FakeSysfs, AmdgpuHwmonFilesAreReadInTheirUnits) {
  const fs::path d = hwmon("0000:03:00.0", "hwmon4");
  put(d / "name", "amdgpu");
  put(d / "temp1_input", "45000");
  put(d / "temp1_label", "edge");
  put(d / "temp2_input", "52500");
  put(d / "temp2_label", "junction");
  put(d / "temp3_input", "60000");
  put(d / "temp3_label", "mem");
  put(d / "power1_average", "187000000");
  put(d / "power1_cap", "250000000");
  put(d / "freq1_input", "2100000000");
  put(d / "freq1_label", "sclk");
  put(d / "freq2_input", "1000000000");
  put(d / "freq2_label", "mclk");
  put(d / "pwm1", "51");
  // Another hwmon of the same PCI function that is not amdgpu is passed over.
  put(hwmon("0000:03:00.0", "hwmon3") / "name", "nvme");

  auto source = open_amdgpu_hwmon("0000:03:00.0", root_.string());
  const gp_telemetry_sample s = source->sample();
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_TEMPERATURE_C), 45.0);
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_HOTSPOT_TEMP_C), 52.5);
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_MEMORY_TEMP_C), 60.0);
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_POWER_W), 187.0);
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_POWER_LIMIT_W), 250.0);
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_SM_CLOCK_MHZ), 2100.0);
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_MEMORY_CLOCK_MHZ), 1000.0);
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_FAN_PERCENT), 20.0);
  EXPECT_EQ(s.clock_events_present, 0u) << "amdgpu hwmon reports no clock-event reasons";

  // Values change between samples: each sample reads the files again.
  put(d / "temp1_input", "47000");
  EXPECT_DOUBLE_EQ(field(source->sample(), GP_TELEMETRY_TEMPERATURE_C), 47.0);
}

TEST_F(FakeSysfs, MissingFilesAreAbsentNotZeroAndPowerInputIsTheFallback) {
  const fs::path d = hwmon("0000:0a:00.0", "hwmon0");
  put(d / "name", "amdgpu");
  put(d / "temp1_input", "40000");  // no label: temp1 is the edge sensor
  put(d / "power1_input", "95000000");
  const gp_telemetry_sample s = open_amdgpu_hwmon("0000:0A:00.0", root_.string())->sample();
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_TEMPERATURE_C), 40.0);
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_POWER_W), 95.0);
  const uint32_t expected = (1u << GP_TELEMETRY_TEMPERATURE_C) | (1u << GP_TELEMETRY_POWER_W);
  EXPECT_EQ(s.present, expected) << "only the fields whose files exist are present";
}

TEST_F(FakeSysfs, DeviceWithoutAmdgpuHwmonIsUnavailable) {
  put(hwmon("0000:05:00.0", "hwmon1") / "name", "nouveau");
  for (const std::string id : {"0000:05:00.0", "0000:06:00.0", "", "../../etc"}) {
    try {
      open_amdgpu_hwmon(id, root_.string());
      FAIL() << "opened hwmon for '" << id << "'";
    } catch (const plugin::Error& e) {
      EXPECT_EQ(e.status, GP_ERR_UNAVAILABLE);
      EXPECT_EQ(e.message.rfind("no amdgpu hwmon for this device", 0), 0u) << e.message;
    }
  }
  plugin::InfoList no_bus_id;
  no_bus_id.add_string("name", "llvmpipe");
  try {
    open_amdgpu_hwmon(no_bus_id, root_.string());
    FAIL();
  } catch (const plugin::Error& e) {
    EXPECT_EQ(e.message, "no amdgpu hwmon for this device (the driver reports no PCI bus id)");
  }
}

TEST_F(FakeSysfs, SysfsRootComesFromTheEnvironmentAndTheDeviceFromItsInfo) {
  const fs::path d = hwmon("0000:03:00.0", "hwmon2");
  put(d / "name", "amdgpu");
  put(d / "power1_cap", "300000000");
  ::setenv("GPUPROBE_SYSFS_ROOT", root_.c_str(), 1);
  EXPECT_EQ(sysfs_root(), root_.string());
  plugin::InfoList info;
  info.add_string("pci_bus_id", "0000:03:00.0");
  const gp_telemetry_sample s = open_amdgpu_hwmon(info)->sample();
  ::unsetenv("GPUPROBE_SYSFS_ROOT");
  EXPECT_DOUBLE_EQ(field(s, GP_TELEMETRY_POWER_LIMIT_W), 300.0);
  EXPECT_EQ(sysfs_root(), "/sys");
}
