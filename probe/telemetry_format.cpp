#include "gpuprobe/telemetry_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gpuprobe/telemetry_fields.hpp"

namespace gpuprobe {
namespace {

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, std::fabs(v) >= 100 ? "%.0f" : "%.1f", v);
  return text;
}

}  // namespace

std::vector<std::string> describe_telemetry(const TelemetrySummary& t) {
  std::vector<std::string> lines;
  if (!t.unavailable.empty()) {
    lines.push_back("telemetry unavailable: " + t.unavailable);
    return lines;
  }
  char head[96];
  std::snprintf(head, sizeof head, "telemetry: %u samples, every %.0f ms (min / mean / max)",
                t.samples, t.interval_seconds * 1e3);
  lines.push_back(head);
  // Known fields in telemetry.h's order, then any a newer gpuprobe wrote.
  std::vector<std::pair<std::string, std::string>> order;  // name, label
  for (uint32_t f = 0; const TelemetryFieldSpec* spec = telemetry_field(f); ++f)
    if (t.fields.count(spec->name)) order.push_back({spec->name, spec->label});
  for (const auto& [name, range] : t.fields)
    if (!telemetry_field(name)) order.push_back({name, name});
  for (const auto& [name, label] : order) {
    const TelemetryRange& r = t.fields.at(name);
    const TelemetryFieldSpec* spec = telemetry_field(name);
    std::string line = "  " + label + ": " + number(r.min) + " / " + number(r.mean) + " / " +
                       number(r.max) + (spec ? std::string(" ") + spec->unit : "");
    if (r.count != t.samples)
      line += " (" + std::to_string(r.count) + " of " + std::to_string(t.samples) + " samples)";
    lines.push_back(line);
  }
  if (t.clock_events_reported) {
    std::string events;
    for (const auto& e : t.clock_events) events += (events.empty() ? "" : ", ") + e;
    lines.push_back("  clock events: " + (events.empty() ? std::string("none") : events));
  }
  return lines;
}

std::optional<TelemetrySummary> device_telemetry(const DeviceResult& device) {
  std::optional<TelemetrySummary> all;
  for (const auto& k : device.kernels)
    for (const auto& p : k.points) {
      if (!p.telemetry) continue;
      const TelemetrySummary& t = *p.telemetry;
      if (!all) {
        all = TelemetrySummary{};
        all->interval_seconds = t.interval_seconds;
      }
      if (!t.unavailable.empty()) {
        if (all->samples == 0) all->unavailable = t.unavailable;
        continue;
      }
      all->unavailable.clear();  // one sampled point is enough to show figures
      all->samples += t.samples;
      all->interval_seconds = t.interval_seconds;
      for (const auto& [name, r] : t.fields) {
        auto [it, fresh] = all->fields.try_emplace(name, r);
        if (fresh) continue;
        TelemetryRange& a = it->second;
        const double total = double(a.count) + double(r.count);
        a.mean = std::clamp((a.mean * a.count + r.mean * r.count) / total, std::min(a.min, r.min),
                            std::max(a.max, r.max));
        a.min = std::min(a.min, r.min);
        a.max = std::max(a.max, r.max);
        a.count += r.count;
      }
      all->clock_events_reported = all->clock_events_reported || t.clock_events_reported;
      for (const auto& e : t.clock_events)
        if (std::find(all->clock_events.begin(), all->clock_events.end(), e) ==
            all->clock_events.end())
          all->clock_events.push_back(e);
    }
  return all;
}

}  // namespace gpuprobe
