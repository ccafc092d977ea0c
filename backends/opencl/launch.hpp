// Kernel arguments and NDRange launches.
#pragma once

#include <cstddef>
#include <string>

#include "cl_error.hpp"
#include "cl_handles.hpp"

namespace gpuprobe::opencl {

// A __local argument of this many bytes.
struct LocalBytes {
  size_t bytes;
};

namespace detail {
template <typename T>
void set_arg(cl_kernel kernel, cl_uint index, const T& value) {
  check(clSetKernelArg(kernel, index, sizeof(T), &value),
        "clSetKernelArg(" + std::to_string(index) + ")");
}
inline void set_arg(cl_kernel kernel, cl_uint index, const LocalBytes& local) {
  check(clSetKernelArg(kernel, index, local.bytes, nullptr),
        "clSetKernelArg(" + std::to_string(index) + ", local)");
}
}  // namespace detail

template <typename... Args>
void set_args(const Kernel& kernel, const Args&... args) {
  cl_uint index = 0;
  (detail::set_arg(kernel.get(), index++, args), ...);
}

// One argument, e.g. the launch key before each enqueue: OpenCL captures argument values at
// enqueue time, so launches queued back to back each keep their own.
template <typename T>
void set_arg(const Kernel& kernel, cl_uint index, const T& value) {
  detail::set_arg(kernel.get(), index, value);
}

inline void launch_1d(cl_command_queue queue, const Kernel& kernel, size_t global, size_t local,
                      cl_event* event) {
  check(clEnqueueNDRangeKernel(queue, kernel.get(), 1, nullptr, &global, local ? &local : nullptr,
                               0, nullptr, event),
        "clEnqueueNDRangeKernel");
}

inline void launch_2d(cl_command_queue queue, const Kernel& kernel, const size_t global[2],
                      const size_t local[2], cl_event* event) {
  check(clEnqueueNDRangeKernel(queue, kernel.get(), 2, nullptr, global, local, 0, nullptr, event),
        "clEnqueueNDRangeKernel");
}

}  // namespace gpuprobe::opencl
