// analyse_throttling (gpuprobe/sustained_load.hpp): early vs late throughput of a sustained
// load, with what the telemetry says about why.
#include <algorithm>
#include <cstdio>
#include <set>

#include "gpuprobe/sustained_load.hpp"
#include "statistics.hpp"

namespace gpuprobe {
namespace {

double median_of(std::vector<double> values) {
  return values.empty() ? 0.0 : summarize(std::move(values)).median;
}

// Mean of a telemetry field over intervals that have it.
std::optional<double> mean_field(const std::vector<const LoadInterval*>& intervals,
                                 const std::string& field, bool use_max = false) {
  double sum = 0;
  size_t n = 0;
  for (const LoadInterval* i : intervals) {
    if (!i->telemetry) continue;
    const auto it = i->telemetry->fields.find(field);
    if (it == i->telemetry->fields.end() || it->second.count == 0) continue;
    sum += use_max ? it->second.max : it->second.mean;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / double(n);
}

std::string figure(double value, const char* unit) {
  char text[64];
  std::snprintf(text, sizeof text, "%.0f %s", value, unit);
  return text;
}

}  // namespace

ThrottleAnalysis analyse_throttling(const SustainedLoad& load, double threshold) {
  ThrottleAnalysis a;
  std::vector<const LoadInterval*> full;
  std::vector<double> partial_busy_rate;
  for (size_t i = 0; i < load.intervals.size(); ++i) {
    const LoadInterval& interval = load.intervals[i];
    if (interval.status != MeasurementStatus::Ok) {
      ++a.failed_intervals;
      a.failed_at_partial_load += interval.partial;
      continue;
    }
    if (interval.partial)
      partial_busy_rate.push_back(interval.throughput);
    else if (i > 0)  // the first interval warms the device up
      full.push_back(&interval);
  }
  const size_t fifth = std::max<size_t>(1, full.size() / 5);
  if (full.size() >= 3) {
    const std::vector<const LoadInterval*> early_part(full.begin(), full.begin() + long(fifth));
    const std::vector<const LoadInterval*> late_part(full.end() - long(fifth), full.end());
    std::vector<double> e, l;
    for (const auto* i : early_part) e.push_back(i->throughput);
    for (const auto* i : late_part) l.push_back(i->throughput);
    a.judged = true;
    a.early = median_of(e);
    a.late = median_of(l);
    a.change = a.early > 0 ? a.late / a.early - 1 : 0;
    a.throttled = a.change < -threshold;

    std::set<std::string> seen;
    for (const auto* i : late_part)
      if (i->telemetry)
        for (const auto& event : i->telemetry->clock_events)
          if (seen.insert(event).second) a.reasons.push_back(event);
    const struct {
      const char* field;
      const char* what;
      const char* unit;
      bool use_max;
    } watched[] = {{"sm_clock_mhz", "clock", "MHz", false},
                   {"temperature_c", "temperature (max)", "C", true},
                   {"power_w", "power", "W", false}};
    for (const auto& w : watched) {
      const auto before = mean_field(early_part, w.field, w.use_max);
      const auto after = mean_field(late_part, w.field, w.use_max);
      if (before && after)
        a.evidence.push_back(std::string(w.what) + " " + figure(*before, w.unit) + " early, " +
                             figure(*after, w.unit) + " late");
    }
    if (!partial_busy_rate.empty() && a.early > 0)
      a.partial_vs_full = median_of(partial_busy_rate) / a.early;
  }

  char text[256];
  if (a.failed_intervals > 0) {
    std::snprintf(text, sizeof text,
                  "%zu interval(s) failed under load (%zu at partial load): the device computed "
                  "wrong results or errored while loaded",
                  a.failed_intervals, a.failed_at_partial_load);
    a.reading = text;
  } else if (!a.judged) {
    a.reading = "too few intervals at full load to judge throttling (needs 4 or more)";
  } else if (a.throttled) {
    std::snprintf(text, sizeof text,
                  "throttles: late throughput %.1f %% below early (%.3g -> %.3g %s), beyond the "
                  "%.0f %% allowed",
                  -a.change * 100, a.early, a.late, load.unit.c_str(), threshold * 100);
    a.reading = text;
  } else {
    std::snprintf(text, sizeof text, "holds its throughput: late %+.1f %% vs early (%.3g %s)",
                  a.change * 100, a.early, load.unit.c_str());
    a.reading = text;
  }
  return a;
}

}  // namespace gpuprobe
