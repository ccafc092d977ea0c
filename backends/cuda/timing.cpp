#include "timing.hpp"

#include <string>

#include "gpuprobe/plugin_support.hpp"
#include "kernels.cuh"

namespace gpuprobe::cuda {
namespace {
// About 10 s at 2 GHz: far longer than any batch takes to enqueue.
constexpr long long kGateMaxCycles = 20'000'000'000LL;
}  // namespace

QueueGate::QueueGate(DeviceContext& device) : flag_(pinned_alloc(8, "queue gate")) {
  volatile uint32_t* words = flag_.as();
  words[0] = 0;
  words[1] = 0;
  uint32_t* device_words = nullptr;
  check(cudaHostGetDevicePointer(reinterpret_cast<void**>(&device_words), flag_.get(), 0),
        "cudaHostGetDevicePointer(queue gate)");
  check(launch::queue_gate(device.stream(), device_words, device_words + 1, kGateMaxCycles),
        "queue gate launch");
}

QueueGate::~QueueGate() {
  if (!opened_) open();
}

bool QueueGate::timed_out() const {
  const volatile uint32_t* words = flag_.as();
  return words[1] != 0;
}

void throw_gate_timed_out(uint32_t launches) {
  throw plugin::Error(GP_ERR_DEVICE,
                      "the queue gate timed out (" + std::to_string(kGateMaxCycles) +
                          " GPU cycles) before the host had queued the batch of " +
                          std::to_string(launches) +
                          " launches, so the batch's time would include host enqueueing: "
                          "point not measured (a stalled or heavily loaded host?)");
}

void QueueGate::open() {
  volatile uint32_t* words = flag_.as();
  words[0] = 1;
  opened_ = true;
}

double elapsed_seconds(const Event& begin, const Event& end) {
  float ms = 0;
  check(cudaEventElapsedTime(&ms, begin.get(), end.get()), "cudaEventElapsedTime");
  return ms > 0 ? static_cast<double>(ms) * 1e-3 : 0.0;
}

}  // namespace gpuprobe::cuda
