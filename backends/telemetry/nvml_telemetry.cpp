#include "nvml_telemetry.hpp"

#include <dlfcn.h>

#include "clock_events.hpp"
#include "nvml_api.hpp"

namespace gpuprobe::telemetry {
namespace {

// One dlopen of NVML with nvmlInit_v2 done; nvmlShutdown and dlclose on destruction.
class NvmlLibrary {
 public:
  explicit NvmlLibrary(const std::string& library) {
    handle_ = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) throw unavailable(nvml_not_found_message(library));
    init_ = symbol<nvml::InitFn>("nvmlInit_v2");
    shutdown_ = symbol<nvml::ShutdownFn>("nvmlShutdown");
    error_string_ = symbol<nvml::ErrorStringFn>("nvmlErrorString");
    by_pci_ = symbol<nvml::HandleByPciBusIdFn>("nvmlDeviceGetHandleByPciBusId_v2");
    by_uuid_ = symbol<nvml::HandleByUuidFn>("nvmlDeviceGetHandleByUUID");
    clock_ = symbol<nvml::ClockInfoFn>("nvmlDeviceGetClockInfo");
    temperature_ = symbol<nvml::TemperatureFn>("nvmlDeviceGetTemperature");
    power_ = symbol<nvml::PowerUsageFn>("nvmlDeviceGetPowerUsage");
    power_limit_ = symbol<nvml::EnforcedPowerLimitFn>("nvmlDeviceGetEnforcedPowerLimit");
    fan_ = symbol<nvml::FanSpeedFn>("nvmlDeviceGetFanSpeed");
    // Optional: drivers before R535 only have the deprecated ...ClocksThrottleReasons.
    events_ = reinterpret_cast<nvml::ClocksEventReasonsFn>(
        dlsym(handle_, "nvmlDeviceGetCurrentClocksEventReasons"));
    for (size_t i = 0; i < 4; ++i)  // optional: the link is device info, not a sample
      pcie_[i] = reinterpret_cast<nvml::PcieLinkFn>(dlsym(handle_, kPcieCalls[i]));
    if (const nvml::Return r = init_(); r != nvml::kSuccess) {
      const std::string why = describe(r);
      dlclose(handle_);
      throw unavailable("NVML did not initialise: " + why);
    }
  }
  ~NvmlLibrary() {
    shutdown_();
    dlclose(handle_);
  }
  NvmlLibrary(const NvmlLibrary&) = delete;
  NvmlLibrary& operator=(const NvmlLibrary&) = delete;

  std::string describe(nvml::Return r) const {
    const char* text = error_string_ ? error_string_(r) : nullptr;
    return (text ? std::string(text) : "NVML error") + " (" + std::to_string(r) + ")";
  }

  nvml::Device find(const std::string& pci_bus_id, const std::string& uuid) const {
    nvml::Device device = nullptr;
    const nvml::Return r =
        pci_bus_id.empty() ? by_uuid_(uuid.c_str(), &device) : by_pci_(pci_bus_id.c_str(), &device);
    if (r != nvml::kSuccess)
      throw unavailable("NVML has no device at " +
                        (pci_bus_id.empty() ? "UUID " + uuid : "PCI bus id " + pci_bus_id) + ": " +
                        describe(r));
    return device;
  }

  gp_telemetry_sample sample(nvml::Device d) const {
    gp_telemetry_sample s = empty_sample();
    unsigned int v = 0;
    // A call that fails leaves its field absent: NOT_SUPPORTED is common (no fan on a
    // passively cooled card, no power reading on some boards).
    if (clock_(d, nvml::kClockSm, &v) == nvml::kSuccess)
      set_field(s, GP_TELEMETRY_SM_CLOCK_MHZ, v);
    else if (clock_(d, nvml::kClockGraphics, &v) == nvml::kSuccess)
      set_field(s, GP_TELEMETRY_SM_CLOCK_MHZ, v);
    if (clock_(d, nvml::kClockMem, &v) == nvml::kSuccess)
      set_field(s, GP_TELEMETRY_MEMORY_CLOCK_MHZ, v);
    if (temperature_(d, nvml::kTemperatureGpu, &v) == nvml::kSuccess)
      set_field(s, GP_TELEMETRY_TEMPERATURE_C, v);
    if (power_(d, &v) == nvml::kSuccess) set_field(s, GP_TELEMETRY_POWER_W, v / 1000.0);
    if (power_limit_(d, &v) == nvml::kSuccess) set_field(s, GP_TELEMETRY_POWER_LIMIT_W, v / 1000.0);
    if (fan_(d, &v) == nvml::kSuccess) set_field(s, GP_TELEMETRY_FAN_PERCENT, v);
    unsigned long long reasons = 0;
    if (events_ && events_(d, &reasons) == nvml::kSuccess) {
      s.clock_events_present = 1;
      s.clock_events = clock_events_from_nvml(reasons);
    }
    return s;
  }

  PcieLink pcie_link(nvml::Device d) const {
    PcieLink link;
    std::optional<unsigned>* out[4] = {&link.current_generation, &link.current_width,
                                       &link.max_generation, &link.max_width};
    for (size_t i = 0; i < 4; ++i) {
      unsigned int v = 0;
      if (pcie_[i] && pcie_[i](d, &v) == nvml::kSuccess) *out[i] = v;
    }
    return link;
  }

 private:
  static constexpr const char* kPcieCalls[4] = {
      "nvmlDeviceGetCurrPcieLinkGeneration", "nvmlDeviceGetCurrPcieLinkWidth",
      "nvmlDeviceGetMaxPcieLinkGeneration", "nvmlDeviceGetMaxPcieLinkWidth"};
  template <typename Fn>
  Fn symbol(const char* name) {
    auto fn = reinterpret_cast<Fn>(dlsym(handle_, name));
    if (!fn) {
      dlclose(handle_);
      throw unavailable(std::string("NVML lacks ") + name + "; update the NVIDIA driver");
    }
    return fn;
  }

  void* handle_ = nullptr;
  nvml::InitFn init_ = nullptr;
  nvml::ShutdownFn shutdown_ = nullptr;
  nvml::ErrorStringFn error_string_ = nullptr;
  nvml::HandleByPciBusIdFn by_pci_ = nullptr;
  nvml::HandleByUuidFn by_uuid_ = nullptr;
  nvml::ClockInfoFn clock_ = nullptr;
  nvml::TemperatureFn temperature_ = nullptr;
  nvml::PowerUsageFn power_ = nullptr;
  nvml::EnforcedPowerLimitFn power_limit_ = nullptr;
  nvml::FanSpeedFn fan_ = nullptr;
  nvml::ClocksEventReasonsFn events_ = nullptr;
  nvml::PcieLinkFn pcie_[4] = {};
};

class NvmlSource : public Source {
 public:
  NvmlSource(const std::string& pci_bus_id, const std::string& uuid, const std::string& library)
      : library_(library), device_(library_.find(pci_bus_id, uuid)) {}
  gp_telemetry_sample sample() override { return library_.sample(device_); }

 private:
  NvmlLibrary library_;  // NVML reference-counts init/shutdown, so one per device is fine
  nvml::Device device_;
};

}  // namespace

std::string nvml_not_found_message(const std::string& library) {
  return "NVML not found (" + library + ")";
}

std::unique_ptr<Source> open_nvml(const std::string& pci_bus_id, const std::string& uuid,
                                  const std::string& library) {
  if (pci_bus_id.empty() && uuid.empty())
    throw unavailable("the device reports neither a PCI bus id nor a UUID to find it in NVML");
  return std::make_unique<NvmlSource>(pci_bus_id, uuid, library);
}

PcieLink nvml_pcie_link(const std::string& pci_bus_id, const std::string& library) {
  const NvmlLibrary nvml(library);
  return nvml.pcie_link(nvml.find(pci_bus_id, {}));
}

}  // namespace gpuprobe::telemetry
