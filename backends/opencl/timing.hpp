// Device timing with profiling events. A batch is enqueued behind a gate (a user event the
// queue waits on), so all of its launches are queued before the first starts and the
// device never idles waiting for the host to enqueue the next one: END(last) -
// START(first) then measures launches back to back, not host enqueue speed.
#pragma once

#include <chrono>
#include <cstdint>

#include "cl_error.hpp"
#include "cl_handles.hpp"
#include "device_context.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::opencl {

uint64_t profiling_ns(cl_event event, cl_profiling_info what);

class QueueGate {
 public:
  explicit QueueGate(DeviceContext& device);
  // If a batch throws before open(), the gate still opens so the queue drains.
  ~QueueGate();
  QueueGate(const QueueGate&) = delete;
  QueueGate& operator=(const QueueGate&) = delete;

  void open();
  // Profiling END of the marker behind the gate: when the device got to the batch.
  uint64_t opened_ns() const { return profiling_ns(marker_.get(), CL_PROFILING_COMMAND_END); }

 private:
  cl_command_queue queue_;
  Event user_;
  Event marker_;
  bool opened_ = false;
};

// Where a batch's time starts. FirstLaunch: START of the first launch's event. Gate: END
// of the gate marker, for library calls (CLBlast) that hand back only their last kernel's
// event, so the start of their first kernel is not observable.
enum class BatchStart { FirstLaunch, Gate };

// Enqueues the launches of `plan` that it issues (kit::BatchPlan::issues) with
// enqueue(uint32_t key, cl_event* event), the key of each launch as the kernel argument that
// proves it ran; event is null except for the first and the last issued launch. Waits and
// returns device seconds for the batch (0 when the plan issues nothing).
template <typename Enqueue>
double device_timed_batch(DeviceContext& device, const kit::BatchPlan& plan, Enqueue&& enqueue,
                          BatchStart start = BatchStart::FirstLaunch) {
  uint32_t first_issued = plan.count, last_issued = plan.count;
  for (uint32_t i = 0; i < plan.count; ++i)
    if (plan.issues(i)) {
      if (first_issued == plan.count) first_issued = i;
      last_issued = i;
    }
  if (first_issued == plan.count) return 0.0;
  Event first, last;
  QueueGate gate(device);
  for (uint32_t i = first_issued; i <= last_issued; ++i) {
    if (!plan.issues(i)) continue;
    cl_event* event = nullptr;
    if (i == last_issued)
      event = last.out();
    else if (i == first_issued)
      event = first.out();
    enqueue(plan.key(i), event);
  }
  gate.open();
  check(clFinish(device.queue()), "clFinish");
  const uint64_t begin = start == BatchStart::Gate
                             ? gate.opened_ns()
                             : profiling_ns(first_issued == last_issued ? last.get() : first.get(),
                                            CL_PROFILING_COMMAND_START);
  const uint64_t end = profiling_ns(last.get(), CL_PROFILING_COMMAND_END);
  return end > begin ? static_cast<double>(end - begin) * 1e-9 : 0.0;
}

// Host clock from the first call to completion: the launches of `plan` are enqueued with
// enqueue(key, nullptr) back to back, then the host waits for all of them. What the driver
// does on the host inside the calls (staging pageable memory) is part of the time.
template <typename Enqueue>
double host_timed_batch(DeviceContext& device, const kit::BatchPlan& plan, Enqueue&& enqueue) {
  cl_command_queue queue = device.queue();
  const auto begin = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < plan.count; ++i)
    if (plan.issues(i)) enqueue(plan.key(i), nullptr);
  check(clFinish(queue), "clFinish");
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

// Host round trips: each launch is submitted and waited for before the next.
template <typename Enqueue>
double host_timed_round_trips(DeviceContext& device, const kit::BatchPlan& plan,
                              Enqueue&& enqueue) {
  cl_command_queue queue = device.queue();
  const auto begin = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < plan.count; ++i) {
    if (!plan.issues(i)) continue;
    enqueue(plan.key(i), nullptr);
    check(clFinish(queue), "clFinish");
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

}  // namespace gpuprobe::opencl
