#include "host_buffer.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::cpu {
namespace {
constexpr uint64_t kHugePage = uint64_t{2} << 20;
}

HostBuffer::HostBuffer(uint64_t bytes, Pages pages, bool lock) : bytes_(bytes) {
  // Round the mapping to whole huge pages so the kernel can back all of it with them.
  mapped_ = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  if (mapped_ == 0) mapped_ = kHugePage;
  void* p = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    throw plugin::Error(GP_ERR_OUT_OF_MEMORY,
                        "cannot map " + std::to_string(bytes) + " bytes: " + std::strerror(errno));
  }
  data_ = p;
#ifdef MADV_HUGEPAGE
  if (pages == Pages::kHuge) madvise(p, mapped_, MADV_HUGEPAGE);  // advice only: may be ignored
#else
  (void)pages;
#endif
  if (lock && mlock(p, mapped_) != 0) {
    const int err = errno;
    release();
    throw plugin::Error(GP_ERR_UNSUPPORTED, std::string("cannot pin host memory: mlock failed (") +
                                                std::strerror(err) +
                                                "; see ulimit -l / RLIMIT_MEMLOCK)");
  }
}

HostBuffer::~HostBuffer() { release(); }

HostBuffer::HostBuffer(HostBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)),
      mapped_(std::exchange(other.mapped_, 0)) {}

HostBuffer& HostBuffer::operator=(HostBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
    mapped_ = std::exchange(other.mapped_, 0);
  }
  return *this;
}

void HostBuffer::release() noexcept {
  if (data_) munmap(data_, mapped_);  // also drops any mlock
  data_ = nullptr;
  bytes_ = mapped_ = 0;
}

}  // namespace gpuprobe::cpu
