#include "amdgpu_hwmon.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

namespace gpuprobe::telemetry {
namespace fs = std::filesystem;
namespace {

std::optional<std::string> read_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  return line;
}

std::optional<double> read_number(const fs::path& file) {
  const auto line = read_line(file);
  if (!line || line->empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(line->c_str(), &end);
  if (end == line->c_str() || *end != '\0') return std::nullopt;
  return v;
}

class HwmonSource : public Source {
 public:
  explicit HwmonSource(fs::path dir) : dir_(std::move(dir)) {
    // Labels are fixed for the card's life: map temp/freq files to fields once.
    for (int i = 1; i <= 3; ++i) {
      const std::string base = "temp" + std::to_string(i);
      const auto label = read_line(dir_ / (base + "_label"));
      const std::string l = label ? *label : (i == 1 ? "edge" : "");
      const int field = l == "edge"       ? GP_TELEMETRY_TEMPERATURE_C
                        : l == "junction" ? GP_TELEMETRY_HOTSPOT_TEMP_C
                        : l == "mem"      ? GP_TELEMETRY_MEMORY_TEMP_C
                                          : -1;
      if (field >= 0) temps_.push_back({dir_ / (base + "_input"), gp_telemetry_field(field)});
    }
    for (int i = 1; i <= 2; ++i) {
      const std::string base = "freq" + std::to_string(i);
      const auto label = read_line(dir_ / (base + "_label"));
      const std::string l = label ? *label : (i == 1 ? "sclk" : "mclk");
      if (l == "sclk") clocks_.push_back({dir_ / (base + "_input"), GP_TELEMETRY_SM_CLOCK_MHZ});
      if (l == "mclk") clocks_.push_back({dir_ / (base + "_input"), GP_TELEMETRY_MEMORY_CLOCK_MHZ});
    }
  }

  gp_telemetry_sample sample() override {
    gp_telemetry_sample s = empty_sample();
    for (const auto& t : temps_)
      if (auto v = read_number(t.file)) set_field(s, t.field, *v / 1000.0);  // millidegrees
    for (const auto& c : clocks_)
      if (auto v = read_number(c.file)) set_field(s, c.field, *v / 1e6);  // Hz -> MHz
    // power1_average on most cards; newer ones (RDNA3) have power1_input instead.
    auto power = read_number(dir_ / "power1_average");
    if (!power) power = read_number(dir_ / "power1_input");
    if (power) set_field(s, GP_TELEMETRY_POWER_W, *power / 1e6);  // microwatts
    if (auto cap = read_number(dir_ / "power1_cap"))
      set_field(s, GP_TELEMETRY_POWER_LIMIT_W, *cap / 1e6);
    if (auto pwm = read_number(dir_ / "pwm1")) {
      const double max = read_number(dir_ / "pwm1_max").value_or(255.0);
      if (max > 0)
        set_field(s, GP_TELEMETRY_FAN_PERCENT, std::clamp(*pwm / max * 100.0, 0.0, 100.0));
    }
    // amdgpu's hwmon has no clock-event reasons: clock_events_present stays 0.
    return s;
  }

 private:
  struct File {
    fs::path file;
    gp_telemetry_field field;
  };
  fs::path dir_;
  std::vector<File> temps_, clocks_;
};

}  // namespace

std::string sysfs_root() {
  const char* env = std::getenv("GPUPROBE_SYSFS_ROOT");
  return env && *env ? env : "/sys";
}

std::unique_ptr<Source> open_amdgpu_hwmon(const std::string& pci_bus_id, const std::string& root) {
  std::string id = pci_bus_id;
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  const fs::path hwmon = fs::path(root) / "bus" / "pci" / "devices" / id / "hwmon";
  std::error_code ec;
  if (id.empty() || id.find('/') != std::string::npos || !fs::is_directory(hwmon, ec))
    throw unavailable(std::string(kNoAmdgpuHwmon) + " (nothing at " + hwmon.string() + ")");
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(hwmon, ec)) dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs)
    if (read_line(dir / "name") == "amdgpu") return std::make_unique<HwmonSource>(dir);
  throw unavailable(std::string(kNoAmdgpuHwmon) + " (" + hwmon.string() +
                    " has no hwmon named amdgpu)");
}

std::unique_ptr<Source> open_amdgpu_hwmon(const plugin::InfoList& info, const std::string& root) {
  for (uint32_t i = 0; i < info.size(); ++i) {
    const gp_info_entry& e = info.data()[i];
    if (e.type == GP_VALUE_STRING && std::string(e.key) == "pci_bus_id" && e.string_value)
      return open_amdgpu_hwmon(e.string_value, root);
  }
  throw unavailable(std::string(kNoAmdgpuHwmon) + " (the driver reports no PCI bus id)");
}

}  // namespace gpuprobe::telemetry
