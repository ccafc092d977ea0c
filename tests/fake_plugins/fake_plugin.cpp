// A tiny backend used only by the tests to exercise the loader and the Session. Variants
// are selected by compile definitions (see tests/core.cmake):
//   FAKE_WRONG_ABI     reports an ABI version the core does not speak
//   FAKE_OLD_ABI       reports ABI version 2 (before the tf32 / bf16 / int8 precisions)
//   FAKE_NO_ENTRY      exports no entry symbol
//   FAKE_INIT_FAILS    init() reports a missing driver
//   FAKE_NEEDS_LIBRARY links a library that is not on the loader path
//   FAKE_NO_TELEMETRY  exports no telemetry entry (telemetry.h), like most plugins
// The default variant has one device; it "reads" at a fixed simulated speed, verifies,
// reports read as the only supported kernel, fails verification for copy, and honours
// cancel (it sleeps in small steps so a cancel arrives mid-run). It samples with the kit's
// sampler, so the adaptive stopping rule is the one real backends follow.
// GPUPROBE_FAKE_NOISE=<fraction> makes timed batches alternate between (1 - fraction) and
// (1 + fraction) of the true time, for tests of the stopping rule and the noisy mark;
// GPUPROBE_FAKE_SUBSTITUTE=1 flags every figure as substituted (GP_ADJUST_SUBSTITUTED).
// GPUPROBE_FAKE_NOTE=<text> is appended to every note (multi-byte text cut at the note's
// capacity); GPUPROBE_FAKE_DEVICE_NAME=<bytes> names the device (not necessarily UTF-8), as a
// driver might.
// Telemetry (every variant but FAKE_NO_TELEMETRY): each sample's SM clock is 1500 MHz + 10 per
// sample taken so far, power draw 100 W + 1 per sample, temperature 60 C, power limit 250 W;
// every second sample reports sw_power_cap. Memory clock and fan are never read (absent).
#include <chrono>
#include <cstdlib>
#include <thread>

#include "gpuprobe/plugin_support.hpp"
#include "kit/sampling.hpp"
#include "simulated_device.hpp"
#include "telemetry/telemetry_glue.hpp"

#ifdef FAKE_NEEDS_LIBRARY
extern "C" int fake_dependency_function(void);
#endif

namespace {

using namespace gpuprobe::plugin;

InfoList* g_info = nullptr;

gp_status fake_init() {
#ifdef FAKE_NEEDS_LIBRARY
  if (fake_dependency_function() != 42) return fail(GP_ERR_INTERNAL, "dependency broken");
#endif
#ifdef FAKE_INIT_FAILS
  return fail(GP_ERR_UNAVAILABLE, "no fake driver installed (install fake-driver)");
#else
  g_info = new InfoList;
  const char* name = std::getenv("GPUPROBE_FAKE_DEVICE_NAME");
  g_info->add_string("name", name ? name : "Fake Device");
  g_info->add_string("device_type", "Accelerator");
  g_info->add_int("global_mem_bytes", int64_t{1} << 30, "bytes");
  g_info->add_int("max_alloc_bytes", int64_t{1} << 20, "bytes");
  g_info->add_bool("fp16", false);
  return GP_OK;
#endif
}

uint32_t fake_device_count() { return 1; }

gp_status fake_device_info(uint32_t device, const gp_info_entry** entries, uint32_t* count) {
  if (device != 0 || !g_info) return fail(GP_ERR_INVALID_ARGUMENT, "no such device");
  *entries = g_info->data();
  *count = g_info->size();
  return GP_OK;
}

gp_status fake_supports(uint32_t device, const gp_run_params* params) {
  if (device != 0) return fail(GP_ERR_INVALID_ARGUMENT, "no such device");
  if (params->kernel == GP_KERNEL_READ || params->kernel == GP_KERNEL_COPY) return GP_OK;
  return fail(GP_ERR_UNSUPPORTED, "the fake device only reads and copies");
}

gp_status fake_run(uint32_t device, const gp_run_params* params, gp_run_result* result) {
  return guard([&] {
    if (fake_supports(device, params) != GP_OK) return GP_ERR_UNSUPPORTED;
    uint64_t size = params->size_bytes;
    if (size > (uint64_t{1} << 20)) {
      size = uint64_t{1} << 20;
      append_note(result, "size clamped to max_alloc_bytes (1 MiB)");
      result->adjustments |= GP_ADJUST_CLAMPED;
    }
    const char* noise_env = std::getenv("GPUPROBE_FAKE_NOISE");
    const double noise = noise_env ? std::atof(noise_env) : 0.0;
    uint32_t timed_batches = 0;
    // Simulated device: 1 GB/s, time slept in 1 ms steps so cancel is seen quickly.
    auto batch = [&](const gpuprobe::kit::BatchPlan& plan) {
      double seconds = double(size) * plan.count / 1e9;
      if (plan.timed) seconds *= (timed_batches++ % 2) ? 1.0 + noise : 1.0 - noise;
      gpuprobe::test::sleep_unless_cancelled(seconds, params);
      return seconds;
    };
    gpuprobe::kit::Ledger ledger;
    const gp_status s = gpuprobe::kit::collect_samples(
        *params, *result, ledger, [] {}, batch);
    if (s != GP_OK) return s;
    if (const char* sub = std::getenv("GPUPROBE_FAKE_SUBSTITUTE"); sub && *sub == '1') {
      append_note(result, "figure substituted by the fake (GPUPROBE_FAKE_SUBSTITUTE)");
      result->adjustments |= GP_ADJUST_SUBSTITUTED;
    }
    result->size_bytes = size;
    result->work_per_iteration = double(size);
    result->timer = GP_TIMER_HOST;
    result->verification = params->kernel == GP_KERNEL_COPY ? GP_VERIFY_FAILED : GP_VERIFY_PASSED;
    if (params->kernel == GP_KERNEL_COPY) append_note(result, "element 7 differs");
    if (const char* note = std::getenv("GPUPROBE_FAKE_NOTE")) append_note(result, note);
    return GP_OK;
  });
}

void fake_shutdown() {
  delete g_info;
  g_info = nullptr;
}

}  // namespace

#ifndef FAKE_NO_TELEMETRY
namespace {

class FakeTelemetry : public gpuprobe::telemetry::Source {
 public:
  gp_telemetry_sample sample() override {
    using gpuprobe::telemetry::set_field;
    gp_telemetry_sample s = gpuprobe::telemetry::empty_sample();
    const double n = double(taken_++);
    set_field(s, GP_TELEMETRY_SM_CLOCK_MHZ, 1500.0 + 10.0 * n);
    set_field(s, GP_TELEMETRY_POWER_W, 100.0 + n);
    set_field(s, GP_TELEMETRY_TEMPERATURE_C, 60.0);
    set_field(s, GP_TELEMETRY_POWER_LIMIT_W, 250.0);
    s.clock_events_present = 1;
    s.clock_events = taken_ % 2 == 0 ? GP_CLOCK_EVENT_SW_POWER_CAP : 0u;
    return s;
  }

 private:
  uint32_t taken_ = 0;
};

std::unique_ptr<gpuprobe::telemetry::Source> open_fake_telemetry(uint32_t device) {
  if (device != 0) throw gpuprobe::telemetry::unavailable("no such fake device");
  return std::make_unique<FakeTelemetry>();
}

}  // namespace

GPUPROBE_EXPORT_TELEMETRY(open_fake_telemetry)
#endif

#ifndef FAKE_NO_ENTRY
extern "C" GP_PLUGIN_EXPORT const gp_plugin* gpuprobe_plugin_entry(void) {
  static const gp_plugin table = {
#if defined(FAKE_WRONG_ABI)
    GP_PLUGIN_ABI_VERSION + 1,
#elif defined(FAKE_OLD_ABI)
    2u,  // built before ABI 3 added tf32, bf16, int8 and matmul_tensor
#else
    GP_PLUGIN_ABI_VERSION,
#endif
    "fake",
    "Fake API",
    fake_init,
    fake_device_count,
    fake_device_info,
    fake_supports,
    fake_run,
    gpuprobe::plugin::last_error,
    fake_shutdown
  };
  return &table;
}
#endif
