// Device timing with CUDA events around batches. A batch is queued behind a gate (a kernel
// that holds the stream until the host opens it), so all of its launches are queued before
// the first starts and the device never waits for the host to enqueue the next one; the
// events then time launches back to back, not host enqueue speed (OpenCL's QueueGate).
#pragma once

#include <chrono>
#include <cstdint>

#include "device_buffer.hpp"
#include "device_context.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::cuda {

class QueueGate {
 public:
  explicit QueueGate(DeviceContext& device);
  ~QueueGate();  // opens the gate if a batch threw before open(), so the stream drains
  QueueGate(const QueueGate&) = delete;
  QueueGate& operator=(const QueueGate&) = delete;
  void open();
  // Whether the gate gave up waiting (kGateMaxCycles) before open(): the batch then started
  // before all of it was queued, so its timing includes host enqueue time. Read after the
  // stream has drained.
  bool timed_out() const;

 private:
  PinnedBuffer flag_;  // word 0: open; word 1: the gate timed out
  bool opened_ = false;
};

// plugin::Error(GP_ERR_DEVICE) saying the gate timed out: the point fails with that reason
// rather than report a figure that timed the host's enqueueing.
[[noreturn]] void throw_gate_timed_out(uint32_t launches);

// Seconds between two recorded events (cudaEventElapsedTime: milliseconds, ~0.5 us).
double elapsed_seconds(const Event& begin, const Event& end);

// Launches of `plan` that it issues, enqueue(key) each, between two events behind a gate.
template <typename Enqueue>
double device_timed_batch(DeviceContext& device, const kit::BatchPlan& plan, Enqueue&& enqueue) {
  bool any = false;
  for (uint32_t i = 0; i < plan.count && !any; ++i) any = plan.issues(i);
  if (!any) return 0.0;
  const Event begin, end;
  QueueGate gate(device);  // declared after the events: a throw opens it before they go
  check(cudaEventRecord(begin.get(), device.stream()), "cudaEventRecord");
  for (uint32_t i = 0; i < plan.count; ++i)
    if (plan.issues(i)) enqueue(plan.key(i));
  check(cudaEventRecord(end.get(), device.stream()), "cudaEventRecord");
  gate.open();
  device.synchronize();
  if (gate.timed_out()) throw_gate_timed_out(plan.count);
  return elapsed_seconds(begin, end);
}

// Host clock from the first call to completion (pageable transfers: staging included).
template <typename Enqueue>
double host_timed_batch(DeviceContext& device, const kit::BatchPlan& plan, Enqueue&& enqueue) {
  const auto begin = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < plan.count; ++i)
    if (plan.issues(i)) enqueue(plan.key(i));
  device.synchronize();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

// Host round trips: each launch is submitted and waited for before the next.
template <typename Enqueue>
double host_timed_round_trips(DeviceContext& device, const kit::BatchPlan& plan,
                              Enqueue&& enqueue) {
  const auto begin = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < plan.count; ++i) {
    if (!plan.issues(i)) continue;
    enqueue(plan.key(i));
    device.synchronize();
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

}  // namespace gpuprobe::cuda
