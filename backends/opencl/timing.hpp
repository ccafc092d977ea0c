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

// Enqueues `n` launches with enqueue(cl_event* event) (event is null except for the first
// and the last launch), waits, returns device seconds for all n.
template <typename Enqueue>
double device_timed_batch(DeviceContext& device, uint32_t n, Enqueue&& enqueue,
                          BatchStart start = BatchStart::FirstLaunch) {
  Event first, last;
  QueueGate gate(device);
  for (uint32_t i = 0; i < n; ++i) {
    cl_event* event = nullptr;
    if (i + 1 == n)
      event = last.out();
    else if (i == 0)
      event = first.out();
    enqueue(event);
  }
  gate.open();
  check(clFinish(device.queue()), "clFinish");
  const uint64_t begin = start == BatchStart::Gate ? gate.opened_ns()
                                                   : profiling_ns(n == 1 ? last.get() : first.get(),
                                                                  CL_PROFILING_COMMAND_START);
  const uint64_t end = profiling_ns(last.get(), CL_PROFILING_COMMAND_END);
  return end > begin ? static_cast<double>(end - begin) * 1e-9 : 0.0;
}

// Host round trips: each launch is submitted and waited for before the next.
template <typename Enqueue>
double host_timed_round_trips(DeviceContext& device, uint32_t n, Enqueue&& enqueue) {
  cl_command_queue queue = device.queue();
  const auto begin = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < n; ++i) {
    enqueue(nullptr);
    check(clFinish(queue), "clFinish");
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

}  // namespace gpuprobe::opencl
