// The CPU backend's C ABI: the host processor as a gpuprobe device, one device, every
// kernel of kernels.def run on a persistent thread pool with SIMD loops.
#include "gpuprobe/plugin.h"

#include <cstring>
#include <memory>
#include <mutex>

#include "context.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "kernels.hpp"

namespace gpuprobe::cpu {

KernelRun kernel_run(gp_kernel_id kernel) {
  switch (kernel) {
    case GP_KERNEL_READ:
      return &run_read;
    case GP_KERNEL_WRITE:
      return &run_write;
    case GP_KERNEL_COPY:
      return &run_copy;
    case GP_KERNEL_POINTER_CHASE:
      return &run_pointer_chase;
    case GP_KERNEL_LAUNCH_LATENCY:
      return &run_launch_latency;
    case GP_KERNEL_LAUNCH_GAP:  // unsupported: check_support says why, run() never gets here
      break;
    case GP_KERNEL_TRANSFER_H2D:
    case GP_KERNEL_TRANSFER_D2H:
      return &run_transfer;
    case GP_KERNEL_LATENCY_HIDING:
      return &run_latency_hiding;
    case GP_KERNEL_LOCAL_BANDWIDTH:
      return &run_local_bandwidth;
    case GP_KERNEL_REGISTER_BANDWIDTH:
    case GP_KERNEL_COMPUTE_FP32:
    case GP_KERNEL_COMPUTE_FP16:
    case GP_KERNEL_COMPUTE_FP64:
    case GP_KERNEL_COMPUTE_INT32:
      return &run_compute;
    case GP_KERNEL_MATMUL_NAIVE:
    case GP_KERNEL_MATMUL_TILED:
    case GP_KERNEL_MATMUL_VENDOR:
      return &run_matmul;
    case GP_KERNEL_COUNT:
      break;
  }
  return nullptr;
}

namespace {

std::unique_ptr<Context>& context_slot() {
  static std::unique_ptr<Context> context;
  return context;
}

gp_status check_device(uint32_t device) {
  if (!context_slot()) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "plugin not initialised");
  if (device != 0) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "the CPU backend has one device");
  return GP_OK;
}

gp_status init() {
  return plugin::guard([] {
    if (!context_slot()) context_slot() = std::make_unique<Context>();
    return GP_OK;
  });
}

uint32_t device_count() { return context_slot() ? 1u : 0u; }

gp_status device_info(uint32_t device, const gp_info_entry** entries, uint32_t* count) {
  return plugin::guard([&] {
    if (const gp_status s = check_device(device); s != GP_OK) return s;
    if (!entries || !count) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null output pointer");
    *entries = context_slot()->info.data();
    *count = context_slot()->info.size();
    return GP_OK;
  });
}

gp_status supports(uint32_t device, const gp_run_params* params) {
  return plugin::guard([&] {
    if (const gp_status s = check_device(device); s != GP_OK) return s;
    if (!params) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null params");
    std::string reason;
    const gp_status s = check_support(*context_slot(), *params, &reason);
    return s == GP_OK ? GP_OK : plugin::fail(s, reason);
  });
}

gp_status run(uint32_t device, const gp_run_params* params, gp_run_result* result) {
  return plugin::guard([&] {
    if (const gp_status s = check_device(device); s != GP_OK) return s;
    if (!params || !result) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null params or result");
    Context& context = *context_slot();
    std::string reason;
    if (const gp_status s = check_support(context, *params, &reason); s != GP_OK)
      return plugin::fail(s, reason);
    std::memset(result, 0, sizeof *result);
    result->struct_size = sizeof *result;
    if (plugin::cancelled(params)) return plugin::fail(GP_ERR_CANCELLED, "cancelled");
    std::lock_guard<std::mutex> lock(context.run_mutex);
    return kernel_run(static_cast<gp_kernel_id>(params->kernel))(context, *params, *result);
  });
}

const char* last_error() { return plugin::last_error(); }

// Joins the pool's threads, so the loader may dlclose right after.
void shutdown() { context_slot().reset(); }

}  // namespace
}  // namespace gpuprobe::cpu

extern "C" GP_PLUGIN_EXPORT const gp_plugin* gpuprobe_plugin_entry(void) {
  static const gp_plugin table = {GP_PLUGIN_ABI_VERSION,        "cpu",
                                  "CPU (threads + SIMD)",       &gpuprobe::cpu::init,
                                  &gpuprobe::cpu::device_count, &gpuprobe::cpu::device_info,
                                  &gpuprobe::cpu::supports,     &gpuprobe::cpu::run,
                                  &gpuprobe::cpu::last_error,   &gpuprobe::cpu::shutdown};
  return &table;
}
