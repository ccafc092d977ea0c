#include "model/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gpuprobe/printable.hpp"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/telemetry_format.hpp"

namespace gpuprobe::gui {

std::string figure_text(double value) {
  char buf[48];
  const double a = std::fabs(value);
  if (a >= 100)
    std::snprintf(buf, sizeof buf, "%.0f", value);
  else if (a >= 10)
    std::snprintf(buf, sizeof buf, "%.1f", value);
  else if (a >= 1)
    std::snprintf(buf, sizeof buf, "%.2f", value);
  else
    std::snprintf(buf, sizeof buf, "%.3g", value);
  return buf;
}

std::string bytes_text(uint64_t bytes) { return format_bytes(bytes); }

std::string count_text(double count) {
  const char* suffix[] = {"", "K", "M", "G", "T"};
  int s = 0;
  while (count >= 1024.0 && s < 4 && std::fmod(count, 1024.0) == 0.0) {
    count /= 1024.0;
    ++s;
  }
  char buf[32];
  if (count == std::floor(count))
    std::snprintf(buf, sizeof buf, "%.0f%s", count, suffix[s]);
  else
    std::snprintf(buf, sizeof buf, "%.3g%s", count, suffix[s]);
  return buf;
}

std::string info_text(const InfoValue& value) {
  if (auto i = std::get_if<int64_t>(&value.value); i && value.unit == "bytes" && *i >= 0)
    return format_bytes(uint64_t(*i));
  return value.to_string();
}

std::string params_text(const std::string& kernel, const KernelParams& params) {
  return describe_params(kernel, params);
}

std::string cell_text(const Measurement& m, const std::string& backend) {
  return format_cell(m, false, backend);
}

std::string measurement_detail(const Measurement& m, const std::string& unit,
                               const std::string& backend) {
  std::string out;
  char line[160];
  if (m.status == MeasurementStatus::Ok) {
    const Statistics& f = m.figure;
    out += "median " + figure_text(f.median) + " " + unit + "\n";  // a file's unit can be long
    std::snprintf(line, sizeof line, "min %s  p90 %s  max %s\n", figure_text(f.min).c_str(),
                  figure_text(f.p90).c_str(), figure_text(f.max).c_str());
    out += line;
    std::snprintf(line, sizeof line, "spread (CV) %.1f%% over %zu samples of %u launches\n",
                  f.cv * 100.0, f.count, m.iterations);
    out += line;
    out += "timer: " + (m.timer.empty() ? std::string("?") : m.timer) +
           (m.verified ? ", output verified" : ", output not checkable") + "\n";
    if (m.noisy) out += "~ noisy: CV above 5 % even after adaptive sampling\n";
    for (const std::string& reason : adjustment_reasons(m, backend))
      out +=
          "* " + reason +
          (reason == "host-timed" ? ": host clock around submit and wait, launch overhead included"
                                  : std::string()) +
          "\n";
  } else {
    out += format_cell(m, true) + "\n";
  }
  if (m.effective.size_bytes && m.effective.size_bytes != m.requested.size_bytes)
    out += "ran at " + format_bytes(m.effective.size_bytes) + " (asked " +
           format_bytes(m.requested.size_bytes) + ")\n";
  if (m.effective.work_items)
    out += "work-items launched: " + std::to_string(m.effective.work_items) +
           (m.requested.work_items && m.requested.work_items != m.effective.work_items
                ? " (asked " + std::to_string(m.requested.work_items) + ")"
                : std::string()) +
           "\n";
  if (m.status == MeasurementStatus::Ok && !m.message.empty()) out += "note: " + m.message + "\n";
  if (const std::string t = telemetry_detail(m); !t.empty()) out += t + "\n";
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string telemetry_detail(const Measurement& m) {
  if (!m.telemetry) return {};
  std::string out;
  for (const std::string& line : describe_telemetry(*m.telemetry))
    out += (out.empty() ? "" : "\n") + line;
  return out;
}

}  // namespace gpuprobe::gui

namespace gpuprobe::gui {

std::string dialog_text(const std::string& message, size_t max_lines, size_t line_chars) {
  std::string out;
  size_t lines = 0;
  size_t start = 0;
  while (start <= message.size() && lines < max_lines) {
    const size_t end = std::min(message.find('\n', start), message.size());
    const std::string line = printable(std::string_view(message).substr(start, end - start),
                                       (max_lines - lines) * line_chars);
    lines += std::max<size_t>(1, (line.size() + line_chars - 1) / line_chars);
    out += (out.empty() ? "" : "\n") + line;
    start = end + 1;
  }
  if (start <= message.size()) out += "\n...";
  return out;
}

}  // namespace gpuprobe::gui
