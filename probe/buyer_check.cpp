// run_buyer_check (gpuprobe/buyer_check.hpp): the steps per device, in the order a buyer
// would want them to fail fast: identity, measured vs spec, memory, sustained load.
#include "gpuprobe/buyer_check.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "gpuprobe/identity_check.hpp"
#include "gpuprobe/pci_ids.hpp"
#include "gpuprobe/price_list.hpp"
#include "gpuprobe/spec_db.hpp"
#include "gpuprobe/spec_match.hpp"
#include "gpuprobe/support_horizon.hpp"
#include "memtest_plugin.hpp"
#include "plugin_registry.hpp"

namespace gpuprobe {
namespace {

constexpr double kQuickLoadSeconds = 60, kFullLoadSeconds = 300;
constexpr uint64_t kQuickMemtestBytes = uint64_t{1} << 30;

CheckLevel level_of(Severity s) {
  switch (s) {
    case Severity::Pass:
      return CheckLevel::Pass;
    case Severity::Info:
      return CheckLevel::Info;
    case Severity::Warning:
      return CheckLevel::Warn;
    case Severity::Failure:
      return CheckLevel::Fail;
  }
  return CheckLevel::Info;
}

std::string text(const char* format, double a, double b = 0, double c = 0) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, a, b, c);
  return buffer;
}

void check_options(const BuyerCheckOptions& o) {
  if (o.price && !(*o.price > 0 && std::isfinite(*o.price)))
    throw std::invalid_argument("--price must be a positive amount");
  if (o.kwh_price && !(*o.kwh_price >= 0 && std::isfinite(*o.kwh_price)))
    throw std::invalid_argument("--kwh-price must be zero or a positive amount");
  if (!(o.hours_per_day > 0 && o.hours_per_day <= 24))
    throw std::invalid_argument("--hours-per-day must be above 0 and at most 24");
  if (o.load_seconds && !(*o.load_seconds > 0))
    throw std::invalid_argument("--load-seconds must be above 0");
  if (o.memtest_bytes && *o.memtest_bytes == 0)
    throw std::invalid_argument("--memtest-bytes must be above 0");
  checked_currency(o.currency);
  if (!o.price_list.empty() && !o.price)
    throw std::invalid_argument("--price-list ranks the asking price: give it with --price");
}

// Identity findings (and the spec row) for one device.
void check_identity_of(DeviceCheck& c, const SpecDatabase& specs, const PciIds* pci_ids) {
  const auto id = device_pci_id(c.device);
  for (const auto& f : check_identity({&c.device, id, &specs, pci_ids}))
    c.findings.push_back({"identity/" + f.check, level_of(f.severity), f.message});
}

// A short measurement of the figures the spec sheet has, and their shares.
void measure_against_spec(Session& session, DeviceCheck& c, const SpecDatabase& specs,
                          const BuyerCheckOptions& o, const std::atomic<bool>* cancel) {
  RunOptions run;
  run.devices = {{c.device.backend, c.device.index}};
  run.kernels = {"read", "compute_fp32", "matmul_vendor", "matmul_tensor"};
  run.matmul_precisions = {"fp32", "fp16"};
  run.point_timeout_seconds = o.point_timeout_seconds;
  if (cancel && *cancel) return;
  RunReport report = session.run(run);
  attach_spec_comparisons(report, specs);
  for (const auto& d : report.devices) {
    if (d.device.backend != c.device.backend || d.device.index != c.device.index) continue;
    if (d.spec) c.spec = *d.spec;
    // The measured figures themselves, spec row or not: spec_shares picks the same points
    // (DRAM read, best fp32, fp16 matmul) against a unit row, so its `measured` are the figures.
    GpuSpec unit_row;
    unit_row.memory_bandwidth_gbs = unit_row.fp32_tflops = unit_row.fp16_tensor_tflops = 1.0;
    for (const SpecShare& s : spec_shares(d, unit_row)) {
      if (s.figure == "read bandwidth") c.measured_bandwidth_gbs = s.measured;
      if (s.figure == "fp32 compute") c.measured_fp32_tflops = s.measured;
      if (s.figure == "fp16 tensor")
        c.measured_tensor_tflops = std::max(c.measured_tensor_tflops.value_or(0), s.measured);
    }
    for (const auto& k : d.kernels)
      for (const auto& p : k.points)
        if (p.status == MeasurementStatus::VerificationFailed ||
            p.status == MeasurementStatus::Error)
          c.findings.push_back({"measurement", CheckLevel::Fail, k.kernel + ": " + p.message});
  }
  if (!c.spec.recognised) {
    c.findings.push_back(
        {"spec", CheckLevel::Unavailable, c.spec.note.empty() ? kNoSpecRow : c.spec.note});
    return;
  }
  for (const SpecShare& s : c.spec.shares)
    c.findings.push_back(spec_share_finding(
        s.figure == "read bandwidth" || s.figure == "copy bandwidth" ? "bandwidth" : "compute",
        s.figure + " (" + s.kernel + " " + s.params + ")", s.measured, s.spec, s.unit));
  if (c.spec.shares.empty())
    c.findings.push_back(
        {"spec", CheckLevel::Unavailable,
         "the spec row has no figure this device's results could be compared with"});
}

void test_memory(DeviceCheck& c, const BuyerCheckOptions& o,
                 const std::function<void(const std::string&)>& say) {
  MemtestRequest r;
  r.backend = c.device.backend;
  r.device = c.device.index;
  r.max_bytes = o.memtest_bytes ? *o.memtest_bytes : o.quick ? kQuickMemtestBytes : 0;
  r.idle_seconds = o.memtest_idle_seconds;
  try {
    double shown = -1;
    c.memory = run_memtest(default_plugin_dirs(), r, o.in_process,
                           [&](double fraction, const std::string& step) {
                             if (fraction - shown < 0.25 && fraction < 1) return;
                             shown = fraction;
                             say(text("  memory %.0f %%: ", fraction * 100) + step);
                           });
  } catch (const std::invalid_argument& e) {
    // A size the device does not have is the user's to fix; a backend without the test is not.
    if (std::string(e.what()).find("has no memory test") == std::string::npos &&
        std::string(e.what()).find("no backend") == std::string::npos)
      throw;
    c.memory_unavailable = e.what();
  } catch (const std::runtime_error& e) {
    c.memory_unavailable = e.what();
  }
  if (!c.memory) {
    c.findings.push_back({"memory", CheckLevel::Unavailable, c.memory_unavailable});
    return;
  }
  const MemtestReport& m = *c.memory;
  if (m.status != GP_OK && m.error_count == 0) {
    c.findings.push_back(
        {"memory", CheckLevel::Fail, "the memory test did not finish: " + m.error});
  } else if (m.error_count > 0) {
    c.findings.push_back({"memory", CheckLevel::Fail,
                          text("%.0f error(s) in %.0f MiB tested: ", double(m.error_count),
                               double(m.tested_bytes >> 20)) +
                              m.analysis.reading});
  } else {
    c.findings.push_back(
        {"memory", CheckLevel::Pass,
         text("no errors in %.0f MiB (%.1f %% of the device's memory)",
              double(m.tested_bytes >> 20),
              m.device_bytes ? 100.0 * double(m.tested_bytes) / double(m.device_bytes) : 0)});
  }
}

void sustain(Session& session, DeviceCheck& c, const BuyerCheckOptions& o,
             const std::function<void(const std::string&)>& progress,
             const std::atomic<bool>* cancel) {
  SustainedLoadOptions s;
  s.device = {c.device.backend, c.device.index};
  s.seconds = o.load_seconds ? *o.load_seconds : o.quick ? kQuickLoadSeconds : kFullLoadSeconds;
  s.point_timeout_seconds = o.point_timeout_seconds;
  double last_report = 0;
  c.load = run_sustained_load(
      session, s,
      [&](const SustainedLoad& so_far) {
        if (!progress || so_far.intervals.empty()) return;
        const LoadInterval& i = so_far.intervals.back();
        if (i.end_seconds - last_report < 10 && i.end_seconds < s.seconds) return;
        last_report = i.end_seconds;
        progress(text("  load %.0f/%.0f s: %.4g ", i.end_seconds, s.seconds, i.throughput) +
                 so_far.unit + (i.partial ? " (partial load)" : ""));
      },
      cancel);
  c.throttling = analyse_throttling(*c.load);
  const ThrottleAnalysis& t = *c.throttling;
  CheckLevel level = t.failed_intervals ? CheckLevel::Fail
                     : !t.judged        ? CheckLevel::Unavailable
                     : t.throttled      ? CheckLevel::Warn
                                        : CheckLevel::Pass;
  std::string line = t.reading;
  if (!t.reasons.empty()) {
    line += "; the driver's reasons:";
    for (const auto& r : t.reasons) line += " " + r;
  }
  for (const auto& e : t.evidence) line += "; " + e;
  c.findings.push_back({"throttling", level, line});
  // The power drawn under load, for the energy cost.
  double sum = 0;
  size_t n = 0;
  for (const auto& i : c.load->intervals)
    if (i.telemetry)
      if (auto it = i.telemetry->fields.find("power_w");
          it != i.telemetry->fields.end() && it->second.count) {
        sum += it->second.mean;
        ++n;
      }
  if (n) c.power_w = sum / double(n);
}

void support_of(DeviceCheck& c, const std::optional<SupportHorizon>& horizon,
                const SpecDatabase& specs) {
  const GpuSpec* row = nullptr;
  for (const auto& r : specs.rows())
    if (c.spec.recognised && r.name == c.spec.row_name) row = &r;
  std::string target = row ? row->compute_target : std::string();
  if (const InfoValue* cc = c.device.find("compute_capability")) target = cc->to_string();
  const std::string vendor = row ? row->vendor : "NVIDIA";
  if (target.empty() || !horizon) {
    c.findings.push_back({"support", CheckLevel::Unavailable,
                          "no compute capability or gfx target known for this device"});
    return;
  }
  const auto entry = horizon->lookup(vendor, target);
  if (!entry) {
    c.findings.push_back({"support", CheckLevel::Unavailable,
                          vendor + " " + target + " is not in the support-horizon table"});
    return;
  }
  bool ended = false, partial = false;
  for (const auto& [what, fact] :
       {std::pair{"driver", &entry->driver}, std::pair{"toolkit", &entry->toolkit},
        std::pair{"PyTorch", &entry->pytorch}}) {
    c.support.push_back(std::string(what) + ": " + to_string(fact->status) + ": " + fact->text +
                        " [source: " + fact->source + "]");
    ended |= fact->status == SupportStatus::Ended;
    partial |= fact->status == SupportStatus::Partial;
  }
  c.findings.push_back(
      {"support", ended ? CheckLevel::Warn : CheckLevel::Pass,
       ended     ? entry->architecture + ": support has ended for part of the stack"
       : partial ? entry->architecture + ": supported, with limits"
                 : entry->architecture + ": supported by current drivers, toolkit and PyTorch"});
}

// Value for money, VRAM uses and energy: what the buyer weighs next to health.
void weigh(DeviceCheck& c, const BuyerCheckOptions& o, const SpecDatabase& specs,
           const std::vector<PriceListEntry>* prices) {
  const GpuSpec* row = nullptr;
  for (const auto& r : specs.rows())
    if (c.spec.recognised && r.name == c.spec.row_name) row = &r;
  double vram_gb = 0;
  if (row && row->vram_gib)
    vram_gb = *row->vram_gib * 1.073741824;
  else if (auto bytes = c.device.find_int("global_mem_bytes"))
    vram_gb = double(*bytes) / 1e9;
  // A CPU-type device's memory is the host's RAM: what "VRAM" is enough for does not apply.
  const InfoValue* type = c.device.find("device_type");
  const bool host_memory = type && type->to_string() == "CPU";
  if (host_memory)
    c.vram_uses = {"not a graphics card: its memory is the host's RAM"};
  else if (vram_gb > 0)
    c.vram_uses = vram_uses(vram_gb);

  if (o.price) {
    PricedCard card{
        c.device.name, *o.price,
        std::nullopt,  std::nullopt,
        std::nullopt,  vram_gb > 0 && !host_memory ? std::optional<double>(vram_gb) : std::nullopt};
    // What the buyer gets: the measured figures where there are some, else the spec's.
    card.fp32_tflops = c.measured_fp32_tflops;
    card.tensor_tflops = c.measured_tensor_tflops;
    card.bandwidth_gbs = c.measured_bandwidth_gbs;
    if (row) {
      if (!card.fp32_tflops) card.fp32_tflops = row->fp32_tflops;
      if (!card.tensor_tflops) card.tensor_tflops = row->fp16_tensor_tflops;
      if (!card.bandwidth_gbs) card.bandwidth_gbs = row->memory_bandwidth_gbs;
    }
    std::vector<PricedCard> others;
    if (prices) {
      others = priced_cards(*prices, row ? row->name : std::string());
      c.value_note = "ranked against the price list " + o.price_list + " (" + o.currency +
                     "); this card by its measured figures where measured";
    } else if (checked_currency(o.currency) == "USD") {
      for (const auto& r : specs.rows())
        if (r.launch_price_usd && (!row || r.name != row->name))
          others.push_back(priced_card(r, *r.launch_price_usd));
      c.value_note =
          "ranked against the spec database's cards at their launch prices (USD); "
          "this card by its measured figures where measured";
    } else {
      c.value_note =
          "not ranked: the spec database's launch prices are in USD and the price is in " +
          checked_currency(o.currency) + " (give prices in it with --price-list)";
    }
    c.value = value_figures(card, others);
  }
  if (o.kwh_price) {
    if (c.power_w) {
      c.yearly_energy_cost = yearly_energy_cost(*c.power_w, o.hours_per_day, *o.kwh_price);
      c.energy_note = text("%.0f W measured under load, %.1f h a day", *c.power_w, o.hours_per_day);
    } else if (row && row->tdp_w) {
      c.energy_note = text(
          "unavailable: no power telemetry from this device (at its %.0f W TDP, "
          "%.1f h a day it would cost at most %.2f a year)",
          *row->tdp_w, o.hours_per_day,
          yearly_energy_cost(*row->tdp_w, o.hours_per_day, *o.kwh_price));
    } else {
      c.energy_note = "unavailable: no power telemetry from this device and no TDP in a spec row";
    }
  }
}

}  // namespace

int check_exit_code(CheckLevel verdict) {
  return verdict == CheckLevel::Fail ? 1 : verdict == CheckLevel::Warn ? 3 : 0;
}

BuyerCheckReport run_buyer_check(Session& session, const BuyerCheckOptions& o,
                                 const std::function<void(const std::string&)>& progress,
                                 const std::atomic<bool>* cancel) {
  check_options(o);
  const SpecDatabase specs = load_spec_database(o.spec_file).value_or(SpecDatabase{});
  std::optional<std::vector<PriceListEntry>> prices;  // read before minutes of measuring
  if (!o.price_list.empty()) prices = load_price_list(o.price_list, specs);
  std::optional<PciIds> pci_ids;
  if (const std::string path = default_pci_ids_path(); !path.empty()) pci_ids = PciIds::load(path);
  std::optional<SupportHorizon> horizon;
  if (const std::string path = default_support_horizon_path(); !path.empty())
    horizon = SupportHorizon::load(path);
  // Names the valid devices; BACKEND alone (index UINT32_MAX) is every device of it.
  RunOptions chosen;
  for (const auto& ref : o.devices)
    chosen.devices.push_back({ref.backend, ref.index == UINT32_MAX ? 0 : ref.index});
  session.validate(chosen);

  BuyerCheckReport report;
  report.currency = checked_currency(o.currency);
  for (const auto& b : session.backends())
    if (!b.available) report.unavailable_backends.push_back(b.name + ": " + b.reason);
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  auto stop = [&] { return cancel && cancel->load(); };
  for (const DeviceInfo& device : session.devices()) {
    bool wanted = o.devices.empty();
    for (const auto& ref : o.devices)
      wanted |=
          ref.backend == device.backend && (ref.index == UINT32_MAX || ref.index == device.index);
    if (!wanted || stop()) continue;
    DeviceCheck c;
    c.device = device;
    say(device.label() + ": identity");
    check_identity_of(c, specs, pci_ids ? &*pci_ids : nullptr);
    say(device.label() + ": measuring against the spec sheet");
    measure_against_spec(session, c, specs, o, cancel);
    if (o.skip_memory) {
      c.findings.push_back({"memory", CheckLevel::Unavailable, "skipped (--skip-memory)"});
    } else if (!stop()) {
      say(device.label() + ": memory test");
      test_memory(c, o, say);
    }
    if (o.skip_load) {
      c.findings.push_back({"throttling", CheckLevel::Unavailable, "skipped (--skip-load)"});
    } else if (!stop()) {
      say(device.label() + ": sustained load");
      sustain(session, c, o, say, cancel);
    }
    support_of(c, horizon, specs);
    weigh(c, o, specs, prices ? &*prices : nullptr);
    c.verdict = overall_level(c.findings);
    report.devices.push_back(std::move(c));
  }
  report.cancelled = stop();
  std::vector<CheckFinding> verdicts;
  for (const auto& d : report.devices) verdicts.push_back({"device", d.verdict, ""});
  report.verdict = report.cancelled ? CheckLevel::Warn : overall_level(verdicts);
  return report;
}

}  // namespace gpuprobe
