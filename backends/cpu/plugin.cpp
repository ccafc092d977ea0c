// The CPU backend's C ABI: the host processor as a gpuprobe device, one device, every
// kernel of kernels.def run on a persistent thread pool with SIMD loops. The kit's glue
// owns the table, the status codes and one run at a time.
#include <memory>

#include "context.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "kernels.hpp"
#include "kit/memtest_glue.hpp"
#include "kit/plugin_glue.hpp"
#include "memtest.hpp"

namespace gpuprobe::cpu {
namespace {

std::unique_ptr<Context>& context_slot() {
  static std::unique_ptr<Context> context;
  return context;
}

const KernelEntry& entry_of(const gp_run_params& params) {
  return *kit_kernel_entry(params.kernel);
}

}  // namespace

struct Backend {
  static constexpr const char* kName = "cpu";
  static constexpr const char* kApi = "CPU (threads + SIMD)";

  static void init() { context_slot() = std::make_unique<Context>(); }
  // Joins the pool's threads, so the loader may dlclose right after.
  static void shutdown() noexcept { context_slot().reset(); }
  static uint32_t device_count() { return context_slot() ? 1u : 0u; }
  static const plugin::InfoList& device_info(uint32_t) { return context_slot()->info; }
  static void check_supported(uint32_t, const gp_run_params& params) {
    const KernelEntry& entry = entry_of(params);
    if (entry.run == nullptr) throw plugin::Error(GP_ERR_UNSUPPORTED, entry.unsupported);
    check_support(*context_slot(), params);
  }
  static void run(uint32_t, const gp_run_params& params, gp_run_result& result) {
    entry_of(params).run(*context_slot(), params, result);
  }
  static void memtest(uint32_t, const gp_memtest_params& params, gp_memtest_result& result) {
    run_host_memtest(params, result);
  }
};

}  // namespace gpuprobe::cpu

GPUPROBE_KIT_EXPORT_PLUGIN(gpuprobe::cpu::Backend)
GPUPROBE_KIT_EXPORT_MEMTEST(gpuprobe::cpu::Backend)
