#include "telemetry_sampler.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "abi_check.hpp"
#include "gpuprobe/telemetry_fields.hpp"

namespace gpuprobe {

void TelemetryAccumulator::add(const gp_telemetry_sample& s) {
  ++samples_;
  for (uint32_t f = 0; f < GP_TELEMETRY_FIELD_COUNT; ++f) {
    if (!((s.present >> f) & 1u)) continue;
    const double v = s.values[f];
    if (!std::isfinite(v)) continue;  // a broken reading is no reading, not data
    Sums& sums = fields_[f];
    sums.min = sums.count ? std::min(sums.min, v) : v;
    sums.max = sums.count ? std::max(sums.max, v) : v;
    sums.sum += v;
    ++sums.count;
  }
  if (s.clock_events_present) {
    clock_events_reported_ = true;
    clock_events_ |= s.clock_events;
  }
}

TelemetrySummary TelemetryAccumulator::summary(double interval_seconds) const {
  TelemetrySummary t;
  t.samples = samples_;
  t.interval_seconds = interval_seconds;
  for (uint32_t f = 0; f < GP_TELEMETRY_FIELD_COUNT; ++f) {
    const Sums& s = fields_[f];
    if (!s.count) continue;
    const double mean = std::clamp(s.sum / s.count, s.min, s.max);
    t.fields[telemetry_field(f)->name] = {s.count, s.min, mean, s.max};
  }
  t.clock_events_reported = clock_events_reported_;
  bool other = false;
  for (uint32_t bit = 1; bit; bit <<= 1) {
    if (!(clock_events_ & bit)) continue;
    if (const char* name = gp_clock_event_name(bit); name && bit != GP_CLOCK_EVENT_OTHER)
      t.clock_events.push_back(name);
    else
      other = true;  // unnamed bits are "other", listed once
  }
  if (other) t.clock_events.push_back(gp_clock_event_name(GP_CLOCK_EVENT_OTHER));
  return t;
}

std::string telemetry_table_violation(const gp_telemetry* table) {
  if (!table) return std::string(GP_TELEMETRY_ENTRY_SYMBOL) + " returned no table";
  if (table->version != GP_TELEMETRY_VERSION)
    return "telemetry table version " + std::to_string(table->version) +
           " does not match gpuprobe's " + std::to_string(GP_TELEMETRY_VERSION) +
           "; rebuild the plugin";
  if (!table->open || !table->sample || !table->close || !table->last_error)
    return "the telemetry table has a missing entry; rebuild the plugin";
  return {};
}

TelemetrySource::TelemetrySource(const gp_telemetry* table, std::string broken)
    : table_(table), broken_(std::move(broken)) {}

TelemetrySource::~TelemetrySource() {
  for (auto& [index, d] : devices_)
    if (d.session) table_->close(d.session);
}

TelemetrySource::Device& TelemetrySource::open(uint32_t device) {
  auto [it, inserted] = devices_.try_emplace(device);
  Device& d = it->second;
  if (!inserted) return d;
  if (!broken_.empty()) {
    d.unavailable = broken_;
  } else if (table_->open(device, &d.session) != GP_OK || !d.session) {
    d.session = nullptr;
    d.unavailable = plugin_string(table_->last_error(), GP_NOTE_CAPACITY);
    if (d.unavailable.empty()) d.unavailable = "the plugin gave no reason";
  }
  return d;
}

TelemetrySummary TelemetrySource::sample_while(uint32_t device, const std::function<void()>& body,
                                               double interval_seconds) {
  Device& d = open(device);
  if (!d.session) {
    body();
    TelemetrySummary t;
    t.unavailable = d.unavailable;
    return t;
  }
  TelemetryAccumulator acc;
  std::string failure;
  auto take = [&] {
    gp_telemetry_sample s{};
    s.struct_size = sizeof s;
    if (table_->sample(d.session, &s) == GP_OK)
      acc.add(s);
    else
      failure = plugin_string(table_->last_error(), GP_NOTE_CAPACITY);
  };
  std::mutex mutex;
  std::condition_variable wake;
  bool done = false;
  take();
  std::thread sampler([&] {
    std::unique_lock lock(mutex);
    const auto period = std::chrono::duration<double>(interval_seconds);
    while (!wake.wait_for(lock, period, [&] { return done; })) take();
  });
  try {
    body();
  } catch (...) {
    {
      std::lock_guard lock(mutex);
      done = true;
    }
    wake.notify_one();
    sampler.join();
    throw;
  }
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  wake.notify_one();
  sampler.join();
  take();
  TelemetrySummary t = acc.summary(interval_seconds);
  if (t.samples == 0)
    t.unavailable = "every telemetry sample failed: " + (failure.empty() ? "no reason" : failure);
  return t;
}

}  // namespace gpuprobe
