#include "timing.hpp"

namespace gpuprobe::opencl {

uint64_t profiling_ns(cl_event event, cl_profiling_info what) {
  cl_ulong value = 0;
  check(clGetEventProfilingInfo(event, what, sizeof value, &value, nullptr),
        "clGetEventProfilingInfo");
  return value;
}

QueueGate::QueueGate(DeviceContext& device) : queue_(device.queue()) {
  cl_int err = CL_SUCCESS;
  user_ = Event(clCreateUserEvent(device.context(), &err));
  check(err, "clCreateUserEvent");
  cl_event wait = user_.get();
  err = clEnqueueMarkerWithWaitList(queue_, 1, &wait, marker_.out());
  if (err != CL_SUCCESS) {
    clSetUserEventStatus(user_.get(), CL_COMPLETE);
    check(err, "clEnqueueMarkerWithWaitList");
  }
}

QueueGate::~QueueGate() {
  if (!opened_) {
    clSetUserEventStatus(user_.get(), CL_COMPLETE);
    clFinish(queue_);
  }
}

void QueueGate::open() {
  opened_ = true;
  check(clSetUserEventStatus(user_.get(), CL_COMPLETE), "clSetUserEventStatus");
  check(clFlush(queue_), "clFlush");
}

}  // namespace gpuprobe::opencl
