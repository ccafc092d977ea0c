// Owned CUDA allocations: device memory (cudaMalloc), pinned host memory (cudaMallocHost)
// and events. Freed on destruction; moves only.
#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>
#include <string>
#include <utility>

#include "cuda_error.hpp"
#include "kit/sizes.hpp"

namespace gpuprobe::cuda {

template <typename Free>
class Owned {
 public:
  Owned() = default;
  explicit Owned(void* p) : p_(p) {}
  ~Owned() {
    if (p_) Free{}(p_);
  }
  Owned(Owned&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Owned& operator=(Owned&& o) noexcept {
    if (this != &o) {
      if (p_) Free{}(p_);
      p_ = std::exchange(o.p_, nullptr);
    }
    return *this;
  }
  template <typename T = uint32_t>
  T* as() const {
    return static_cast<T*>(p_);
  }
  void* get() const { return p_; }

 private:
  void* p_ = nullptr;
};

struct FreeDevice {
  void operator()(void* p) const { cudaFree(p); }
};
struct FreeHost {
  void operator()(void* p) const { cudaFreeHost(p); }
};
using DeviceBuffer = Owned<FreeDevice>;
using PinnedBuffer = Owned<FreeHost>;

inline DeviceBuffer device_alloc(uint64_t bytes, const char* what) {
  void* p = nullptr;
  check(cudaMalloc(&p, bytes),
        std::string("cudaMalloc(") + what + ", " + kit::format_bytes(bytes) + ")");
  return DeviceBuffer(p);
}
// Page-locked host memory, mapped into the device's address space (the queue gate reads it).
inline PinnedBuffer pinned_alloc(uint64_t bytes, const char* what) {
  void* p = nullptr;
  check(cudaHostAlloc(&p, bytes, cudaHostAllocMapped),
        std::string("cudaHostAlloc(") + what + ", " + kit::format_bytes(bytes) + ")");
  return PinnedBuffer(p);
}

class Event {
 public:
  Event() { check(cudaEventCreate(&event_), "cudaEventCreate"); }
  ~Event() {
    if (event_) cudaEventDestroy(event_);
  }
  Event(Event&& o) noexcept : event_(std::exchange(o.event_, nullptr)) {}
  Event& operator=(Event&&) = delete;
  Event(const Event&) = delete;
  cudaEvent_t get() const { return event_; }

 private:
  cudaEvent_t event_ = nullptr;
};

}  // namespace gpuprobe::cuda
