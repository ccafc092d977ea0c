// gpuprobe-backend-faulty: a backend that misbehaves on purpose, built only for the tests of
// worker isolation (tests/isolation_test.cpp). Device 0 ("Faulty Device") fails one way per
// kernel; device 1 ("Healthy Device") runs every supported kernel normally:
//   write          SIGSEGV            copy           abort() (SIGABRT)
//   launch_latency hangs, ignoring cancel
//   compute_fp32   returns a NaN sample time
//   compute_int32  returns sample_count above GP_MAX_SAMPLES
//   compute_fp64   returns a note with no NUL in its fixed array
//   read           normal on both devices (the rest are unsupported)
// A normal point "moves" 1 GB/s (1 ms per MiB-launch, slept in 1 ms steps, honouring cancel).
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <thread>

#include "gpuprobe/plugin_support.hpp"
#include "kit/sampling.hpp"
#include "simulated_device.hpp"

namespace {

using namespace gpuprobe::plugin;

InfoList* g_info[2] = {nullptr, nullptr};

gp_status faulty_init() {
  const char* names[2] = {"Faulty Device", "Healthy Device"};
  for (int d = 0; d < 2; ++d) {
    g_info[d] = new InfoList;
    g_info[d]->add_string("name", names[d]);
    g_info[d]->add_string("device_type", "Accelerator");
    g_info[d]->add_int("global_mem_bytes", int64_t{1} << 30, "bytes");
    g_info[d]->add_int("max_alloc_bytes", int64_t{1} << 20, "bytes");
    g_info[d]->add_bool("fp16", false);
    g_info[d]->add_bool("fp64", true);
  }
  return GP_OK;
}

uint32_t faulty_device_count() { return 2; }

gp_status faulty_device_info(uint32_t device, const gp_info_entry** entries, uint32_t* count) {
  if (device > 1 || !g_info[device]) return fail(GP_ERR_INVALID_ARGUMENT, "no such device");
  *entries = g_info[device]->data();
  *count = g_info[device]->size();
  return GP_OK;
}

gp_status faulty_supports(uint32_t device, const gp_run_params* params) {
  if (device > 1) return fail(GP_ERR_INVALID_ARGUMENT, "no such device");
  switch (params->kernel) {
    case GP_KERNEL_READ:
    case GP_KERNEL_WRITE:
    case GP_KERNEL_COPY:
    case GP_KERNEL_LAUNCH_LATENCY:
    case GP_KERNEL_COMPUTE_FP32:
    case GP_KERNEL_COMPUTE_INT32:
    case GP_KERNEL_COMPUTE_FP64:
      return GP_OK;
    default:
      return fail(GP_ERR_UNSUPPORTED, "the faulty device runs only the kernels it fails on");
  }
}

[[noreturn]] void hang_ignoring_cancel() {
  while (true) std::this_thread::sleep_for(std::chrono::seconds(1));
}

gp_status faulty_run(uint32_t device, const gp_run_params* params, gp_run_result* result) {
  if (faulty_supports(device, params) != GP_OK) return GP_ERR_UNSUPPORTED;
  if (device == 0) {
    switch (params->kernel) {
      case GP_KERNEL_WRITE:
        std::raise(SIGSEGV);
        break;
      case GP_KERNEL_COPY:
        std::abort();
      case GP_KERNEL_LAUNCH_LATENCY:
        hang_ignoring_cancel();
      default:
        break;
    }
  }
  return guard([&] {
    const uint64_t size =
        std::min<uint64_t>(params->size_bytes ? params->size_bytes : 4096, uint64_t{1} << 20);
    auto batch = [&](const gpuprobe::kit::BatchPlan& plan) {
      const double seconds = double(size) * plan.count / 1e9;
      gpuprobe::test::sleep_unless_cancelled(seconds, params);
      return seconds;
    };
    gpuprobe::kit::Ledger ledger;
    const gp_status s = gpuprobe::kit::collect_samples(
        *params, *result, ledger, [] {}, batch);
    if (s != GP_OK) return s;
    result->size_bytes = size;
    result->work_per_iteration = double(size);
    result->timer = GP_TIMER_HOST;
    result->verification = GP_VERIFY_PASSED;
    if (device == 0) {
      switch (params->kernel) {
        case GP_KERNEL_COMPUTE_FP32:
          result->sample_seconds[0] = std::numeric_limits<double>::quiet_NaN();
          break;
        case GP_KERNEL_COMPUTE_INT32:
          result->sample_count = GP_MAX_SAMPLES + 7;
          break;
        case GP_KERNEL_COMPUTE_FP64:
          std::memset(result->note, 'x', sizeof result->note);
          break;
        default:
          break;
      }
    }
    return GP_OK;
  });
}

void faulty_shutdown() {
  for (auto*& info : g_info) {
    delete info;
    info = nullptr;
  }
}

}  // namespace

extern "C" GP_PLUGIN_EXPORT const gp_plugin* gpuprobe_plugin_entry(void) {
  static const gp_plugin table = {
      GP_PLUGIN_ABI_VERSION, "faulty",        "Faulty API", faulty_init, faulty_device_count,
      faulty_device_info,    faulty_supports, faulty_run,   last_error,  faulty_shutdown};
  return &table;
}
