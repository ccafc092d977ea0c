#include "kit/fault.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/printable.hpp"
#include "kit/memtest_fault.hpp"

namespace gpuprobe::kit {

const char* fault_name(Fault fault) {
  switch (fault) {
    case Fault::kNone:
      return "none";
    case Fault::kSkipIteration:
      return "skip_iteration";
    case Fault::kSkipStore:
      return "skip_store";
    case Fault::kSkipLaunch:
      return "skip_launch";
    case Fault::kStaleOutput:
      return "stale_output";
  }
  return "none";
}

std::string fault_env_value(Fault fault) {
  return fault == Fault::kNone ? std::string() : fault_name(fault);
}

Fault active_fault() {
  const char* value = std::getenv("GPUPROBE_FAULT");
  if (value == nullptr || *value == '\0' || std::strcmp(value, "none") == 0) return Fault::kNone;
  // A memtest flip (memtest_fault.hpp) breaks only the VRAM test, never a kernel.
  if (std::string_view(value).starts_with(kMemtestFlipPrefix)) return Fault::kNone;
  for (Fault f : kAllFaults)
    if (std::strcmp(value, fault_name(f)) == 0) return f;
  throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                      "GPUPROBE_FAULT='" + printable(value) +
                          "' is not a fault; use skip_iteration, skip_store, skip_launch or "
                          "stale_output, or memtest_flip:ADDR:MASK (tests only), or unset it");
}

uint32_t device_fault_code(Fault fault) {
  switch (fault) {
    case Fault::kSkipIteration:
      return 1;
    case Fault::kSkipStore:
      return 2;
    case Fault::kNone:
    case Fault::kSkipLaunch:
    case Fault::kStaleOutput:
      return 0;
  }
  return 0;
}

uint64_t transfer_shortfall_bytes(uint64_t bytes) {
  uint64_t drop = 0;
  switch (active_fault()) {
    case Fault::kSkipIteration:
      drop = 4;
      break;
    case Fault::kSkipStore:
      drop = 64;
      break;
    case Fault::kNone:
    case Fault::kSkipLaunch:
    case Fault::kStaleOutput:
      break;
  }
  return bytes > 4 ? std::min(drop, bytes - 4) : 0;
}

void note_fault(gp_run_result& result, Fault fault) {
  if (fault == Fault::kNone) return;
  plugin::append_note(&result, std::string("FAULT INJECTED: ") + fault_name(fault) +
                                   " (GPUPROBE_FAULT, for tests only)");
}

}  // namespace gpuprobe::kit
