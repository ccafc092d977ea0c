// One RAII owner per OpenCL handle type. Each wraps the API's own reference counting:
// copying retains, destruction releases, so an early return or an exception never leaks
// a buffer, an event or a queue.
#pragma once

#include <utility>

#include "cl_api.hpp"

namespace gpuprobe::opencl {

template <typename T, cl_int (*Retain)(T), cl_int (*Release)(T)>
class Handle {
 public:
  Handle() = default;
  // Takes ownership of a handle the API just created (its count is already 1).
  explicit Handle(T raw) : raw_(raw) {}
  Handle(const Handle& other) : raw_(other.raw_) {
    if (raw_) Retain(raw_);
  }
  Handle(Handle&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  Handle& operator=(Handle other) noexcept {
    std::swap(raw_, other.raw_);
    return *this;
  }
  ~Handle() {
    if (raw_) Release(raw_);
  }

  T get() const { return raw_; }
  // For API calls that hand back a new handle through a pointer (events).
  T* out() {
    *this = Handle();
    return &raw_;
  }
  explicit operator bool() const { return raw_ != nullptr; }

 private:
  T raw_ = nullptr;
};

using Context = Handle<cl_context, clRetainContext, clReleaseContext>;
using Queue = Handle<cl_command_queue, clRetainCommandQueue, clReleaseCommandQueue>;
using Program = Handle<cl_program, clRetainProgram, clReleaseProgram>;
using Kernel = Handle<cl_kernel, clRetainKernel, clReleaseKernel>;
using Mem = Handle<cl_mem, clRetainMemObject, clReleaseMemObject>;
using Event = Handle<cl_event, clRetainEvent, clReleaseEvent>;

}  // namespace gpuprobe::opencl
