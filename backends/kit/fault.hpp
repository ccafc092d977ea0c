// Test-only fault switch: GPUPROBE_FAULT=<name> makes every backend break its own kernels
// on purpose, so the test suite can prove that verification catches each kind of missing
// work (tests/mutation_test.cpp). Never on by default; a run under a fault says so in its
// note. The VRAM test has its own flips (memtest_fault.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "gpuprobe/plugin.h"

namespace gpuprobe::kit {

enum class Fault : uint32_t {
  kNone = 0,
  // One work-item (the last) runs one iteration fewer of its main loop: one vector fewer
  // of a streaming kernel, one step fewer of a chase or a compute chain, one k-step fewer
  // of a matmul, one word fewer of a transfer.
  kSkipIteration = 1,
  // One work-item (the last) does not store its result (its output slot, its last stores).
  kSkipStore = 2,
  // The middle launch (i == count / 2) of every timed batch is counted but not issued: a
  // check that sees only the last launch would miss it (kit::check_launch_tally).
  kSkipLaunch = 3,
  // No timed launch is issued: the warm-up already left a correct-looking answer in the
  // buffers, as an earlier point can in a recycled allocation; the poison the backend
  // writes before timing must be what is checked.
  kStaleOutput = 4,
};

inline constexpr Fault kAllFaults[] = {Fault::kSkipIteration, Fault::kSkipStore, Fault::kSkipLaunch,
                                       Fault::kStaleOutput};

// Read from the environment on every call (tests switch it between runs). An unknown name
// throws plugin::Error(GP_ERR_INVALID_ARGUMENT) naming the valid ones.
Fault active_fault();
const char* fault_name(Fault fault);
// Environment value for `fault` ("" for kNone).
std::string fault_env_value(Fault fault);

// Code the device source sees (OpenCL -D GP_FAULT=, Vulkan specialization constant
// GP_FAULT, CUDA kernel argument): 0 none, 1 skip_iteration, 2 skip_store. Launch-level
// faults never reach the device.
uint32_t device_fault_code(Fault fault);

// Bytes a transfer of `bytes` leaves out under the active fault: one word for a skipped
// iteration, the last 64 bytes for a skipped store, never the whole transfer.
uint64_t transfer_shortfall_bytes(uint64_t bytes);

// Appends "FAULT INJECTED: <name> (GPUPROBE_FAULT, for tests only)" when a fault is on.
void note_fault(gp_run_result& result, Fault fault);

}  // namespace gpuprobe::kit
