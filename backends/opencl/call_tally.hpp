// Per-call evidence for commands that carry no kernel of ours: DMA transfers and CLBlast
// GEMM calls (the library's kernels are not ours to edit, so they cannot keep a device
// launch tally). Every call gets its own profiling event; a call that was never enqueued
// has none. After each batch the calls whose event completed (CL_COMPLETE) with device
// timestamps (START > 0, END >= START) are counted, and the count goes to
// kit::check_launch_tally like a kernel's tally. What it proves: the runtime ran that many
// commands of the batch. What it cannot: that a command moved or computed every byte (the
// destination check covers the last call only).
#pragma once

#include <cstdint>
#include <vector>

#include "cl_error.hpp"
#include "cl_handles.hpp"
#include "timing.hpp"

namespace gpuprobe::opencl {

class CallTally {
 public:
  // `enqueue(key, event)` as the timing helpers take it, given an event of its own on every
  // call; the helper's own request for an event (first and last of a batch) shares it.
  template <typename Enqueue>
  auto counted(Enqueue& enqueue) {
    return [this, &enqueue](uint32_t key, cl_event* event) {
      Event own;
      enqueue(key, own.out());
      if (event) {
        check(clRetainEvent(own.get()), "clRetainEvent");
        *event = own.get();
      }
      pending_.push_back(std::move(own));
    };
  }
  // After a batch has finished (the timing helpers wait for it): count its completed calls.
  void count_batch() {
    for (const Event& event : pending_) {
      cl_int status = CL_QUEUED;
      check(clGetEventInfo(event.get(), CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status,
                           nullptr),
            "clGetEventInfo");
      if (status != CL_COMPLETE) continue;
      const uint64_t start = profiling_ns(event.get(), CL_PROFILING_COMMAND_START);
      const uint64_t end = profiling_ns(event.get(), CL_PROFILING_COMMAND_END);
      if (start > 0 && end >= start) ++value_;
    }
    pending_.clear();
  }
  void reset() { value_ = 0; }
  uint32_t value() const { return value_; }

 private:
  std::vector<Event> pending_;
  uint32_t value_ = 0;
};

}  // namespace gpuprobe::opencl
