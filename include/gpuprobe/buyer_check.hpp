// `gpuprobe check`: the buyer's check of each card, end to end. Per device: identity against
// the spec database (identity_check.hpp), a short measurement compared with the spec sheet
// (spec_match.hpp), the VRAM integrity test (memtest_plugin.hpp), a sustained load with the
// throttling judgement (sustained_load.hpp), the software support horizon
// (support_horizon.hpp), then the verdict with what a buyer weighs next to health: value for
// money, what the VRAM is enough for, the yearly electricity cost (buyer_verdict.hpp).
// Parts a device cannot do (no memory test, no telemetry, no spec row) are listed as
// unavailable with the reason, never skipped silently.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/buyer_verdict.hpp"
#include "gpuprobe/memtest_report.hpp"
#include "gpuprobe/session.hpp"
#include "gpuprobe/spec_comparison.hpp"
#include "gpuprobe/sustained_load.hpp"

namespace gpuprobe {

struct BuyerCheckOptions {
  std::vector<DeviceRef> devices;  // empty: every device of every available backend
  bool quick = false;              // 60 s of load, at most 1 GiB of memory tested
  std::optional<double> load_seconds;
  std::optional<uint64_t> memtest_bytes;
  double memtest_idle_seconds = 5;
  bool skip_memory = false, skip_load = false;
  std::optional<double> price;  // what the seller asks, in `currency`
  std::string currency = "USD";
  std::string price_list;  // CSV name,price in `currency`: rank against these, not launch prices
  std::optional<double> kwh_price;  // in `currency`
  double hours_per_day = 8;
  std::string spec_file;  // extra or replacing rows (std::invalid_argument if malformed)
  double point_timeout_seconds = 30;
  bool in_process = false;  // the memory test's plugin in this process, as the Session's
};

struct DeviceCheck {
  DeviceInfo device;
  SpecComparison spec;  // the matched row and the measured shares of it
  std::optional<double> measured_bandwidth_gbs, measured_fp32_tflops, measured_tensor_tflops;
  std::vector<CheckFinding> findings;
  std::optional<MemtestReport> memory;
  std::string memory_unavailable;
  std::optional<SustainedLoad> load;
  std::optional<ThrottleAnalysis> throttling;
  std::vector<std::string> support;  // "driver: ended: last branch R470 [source]"
  std::vector<std::string> vram_uses;
  std::vector<ValueFigure> value;
  std::string value_note;
  std::optional<double> power_w, yearly_energy_cost;
  std::string energy_note;
  CheckLevel verdict = CheckLevel::Warn;
};

struct BuyerCheckReport {
  std::string currency;
  std::vector<DeviceCheck> devices;
  std::vector<std::string> unavailable_backends;  // "cuda: no CUDA driver (...)": not checked
  CheckLevel verdict = CheckLevel::Warn;          // the worst device's
  bool cancelled = false;
};

// Throws std::invalid_argument for bad options or an unknown device (exit 2 in the CLI).
// `progress` gets one line per step; `cancel` is checked between steps and inside the load.
BuyerCheckReport run_buyer_check(Session& session, const BuyerCheckOptions& options,
                                 const std::function<void(const std::string&)>& progress = {},
                                 const std::atomic<bool>* cancel = nullptr);

std::string format_check_table(const BuyerCheckReport& report);
std::string format_check_markdown(const BuyerCheckReport& report);
std::string check_to_json(const BuyerCheckReport& report);  // 2-space indent

// Exit codes of `gpuprobe check`: PASS 0, FAIL 1 (usage errors are 2), WARN 3.
int check_exit_code(CheckLevel verdict);

}  // namespace gpuprobe
