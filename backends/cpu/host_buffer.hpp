// RAII owner of one page-aligned anonymous mapping: the CPU backend's "device buffer".
#pragma once

#include <cstddef>
#include <cstdint>

namespace gpuprobe::cpu {

class HostBuffer {
 public:
  enum class Pages {
    kHuge,     // advise transparent huge pages: DRAM figures without 4 KiB TLB misses
    kDefault,  // plain 4 KiB pages, like malloc'd pageable memory
  };

  HostBuffer() = default;
  // Throws plugin::Error(GP_ERR_OUT_OF_MEMORY) when the mapping fails. With `lock`, the
  // pages are also mlock'ed ("pinned"); failure to lock throws GP_ERR_UNSUPPORTED.
  HostBuffer(uint64_t bytes, Pages pages, bool lock = false);
  ~HostBuffer();
  HostBuffer(HostBuffer&& other) noexcept;
  HostBuffer& operator=(HostBuffer&& other) noexcept;
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;

  void* data() const { return data_; }
  uint64_t size() const { return bytes_; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(data_);
  }

 private:
  void release() noexcept;
  void* data_ = nullptr;
  uint64_t bytes_ = 0;
  uint64_t mapped_ = 0;
};

}  // namespace gpuprobe::cpu
