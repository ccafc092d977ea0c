#include "memtest_call.hpp"

#include "abi_check.hpp"

namespace gpuprobe {
namespace {

void on_progress(void* user, double fraction, const char* step) {
  const auto* progress = static_cast<const MemtestProgress*>(user);
  (*progress)(fraction, step ? step : "");
}

}  // namespace

gp_memtest_params memtest_params(const MemtestRequest& request) {
  gp_memtest_params params{};
  params.struct_size = sizeof params;
  params.passes = request.passes;
  params.max_bytes = request.max_bytes;
  params.max_chunk_bytes = request.max_chunk_bytes;
  params.patterns = request.patterns;
  params.seed = request.seed;
  params.idle_seconds = request.idle_seconds;
  return params;
}

MemtestOutcome plugin_memtest(const gp_memtest& table, uint32_t device, const gp_memtest_params& in,
                              const MemtestProgress& progress, const volatile int* cancel) {
  gp_memtest_params params = in;
  params.cancel = cancel;
  params.progress = progress ? &on_progress : nullptr;
  params.progress_user = progress ? const_cast<MemtestProgress*>(&progress) : nullptr;
  MemtestOutcome outcome;
  outcome.result = std::make_shared<gp_memtest_result>();  // tens of KiB: on the heap
  outcome.result->struct_size = sizeof(gp_memtest_result);
  outcome.status = table.run(device, &params, outcome.result.get());
  if (outcome.status != GP_OK) outcome.error = plugin_string(table.last_error());
  return outcome;
}

}  // namespace gpuprobe
