// Host <-> device transfers, timed on the device with the copy commands' own profiling
// events. Pageable: plain host memory (std::vector) handed to clEnqueueWrite/ReadBuffer,
// so the driver may stage it through a bounce buffer. Pinned (GP_FLAG_PINNED): the host
// side is a CL_MEM_ALLOC_HOST_PTR buffer kept mapped, the pattern drivers document for
// page-locked, DMA-able host memory.
#include <algorithm>
#include <memory>
#include <vector>

#include "../buffers.hpp"
#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"

namespace gpuprobe::opencl {
namespace {

namespace ref = gpuprobe::reference;

// A CL_MEM_ALLOC_HOST_PTR buffer mapped for the host for as long as this lives.
class PinnedHostMemory {
 public:
  PinnedHostMemory(DeviceContext& device, uint64_t bytes) : queue_(device.queue()) {
    buffer_ = create_buffer(device, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, bytes,
                            "pinned host memory");
    cl_int err = CL_SUCCESS;
    ptr_ = clEnqueueMapBuffer(queue_, buffer_.get(), CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes,
                              0, nullptr, nullptr, &err);
    check(err, "clEnqueueMapBuffer(pinned, " + format_bytes(bytes) + ")");
  }
  ~PinnedHostMemory() {
    clEnqueueUnmapMemObject(queue_, buffer_.get(), ptr_, 0, nullptr, nullptr);
    clFinish(queue_);
  }
  PinnedHostMemory(const PinnedHostMemory&) = delete;
  PinnedHostMemory& operator=(const PinnedHostMemory&) = delete;
  uint32_t* words() const { return static_cast<uint32_t*>(ptr_); }

 private:
  cl_command_queue queue_;
  Mem buffer_;
  void* ptr_ = nullptr;
};

// Host-side memory of either kind.
class HostMemory {
 public:
  HostMemory(DeviceContext& device, uint64_t bytes, bool pinned) {
    if (pinned)
      pinned_ = std::make_unique<PinnedHostMemory>(device, bytes);
    else
      pageable_.resize(bytes / 4);
  }
  uint32_t* words() { return pinned_ ? pinned_->words() : pageable_.data(); }

 private:
  std::unique_ptr<PinnedHostMemory> pinned_;
  std::vector<uint32_t> pageable_;
};

void set_transfer_result(gp_run_result& result, uint64_t bytes, bool pinned, uint64_t bad,
                         uint64_t words, uint32_t seed, const uint32_t* data) {
  result.verification = bad == words ? GP_VERIFY_PASSED : GP_VERIFY_FAILED;
  if (bad != words)
    plugin::append_note(&result, "word " + std::to_string(bad) + " arrived as " +
                                     std::to_string(data[bad]) + ", expected " +
                                     std::to_string(ref::random_word(seed, bad)));
  plugin::append_note(&result, pinned ? "pinned host memory (CL_MEM_ALLOC_HOST_PTR, mapped)"
                                      : "pageable host memory");
  result.size_bytes = bytes;
  result.work_items = 0;
  result.work_per_iteration = static_cast<double>(bytes);
}

gp_status run_h2d(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const bool pinned = (params.flags & GP_FLAG_PINNED) != 0;
  const uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, 4, &result);
  const uint64_t words = bytes / 4;
  HostMemory host(device, bytes, pinned);
  ref::fill_random_words(host.words(), words, params.seed);
  Mem target = create_buffer(device, CL_MEM_READ_WRITE, bytes, "transfer target");

  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(device, n, [&](cl_event* event) {
      check(clEnqueueWriteBuffer(device.queue(), target.get(), CL_FALSE, 0, bytes, host.words(), 0,
                                 nullptr, event),
            "clEnqueueWriteBuffer(" + format_bytes(bytes) + ")");
    });
  });
  if (status != GP_OK) return status;

  std::vector<uint32_t> arrived(words);
  read_buffer(device, target.get(), arrived.data(), bytes);
  set_transfer_result(result, bytes, pinned,
                      ref::first_random_mismatch(arrived.data(), words, params.seed), words,
                      params.seed, arrived.data());
  return GP_OK;
}

gp_status run_d2h(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const bool pinned = (params.flags & GP_FLAG_PINNED) != 0;
  const uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, 4, &result);
  const uint64_t words = bytes / 4;
  Mem source = create_buffer(device, CL_MEM_READ_WRITE, bytes, "transfer source");
  {
    std::vector<uint32_t> data(words);
    ref::fill_random_words(data.data(), words, params.seed);
    write_buffer(device, source.get(), data.data(), bytes);
  }
  HostMemory host(device, bytes, pinned);
  std::fill_n(host.words(), words, 0u);

  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(device, n, [&](cl_event* event) {
      check(clEnqueueReadBuffer(device.queue(), source.get(), CL_FALSE, 0, bytes, host.words(), 0,
                                nullptr, event),
            "clEnqueueReadBuffer(" + format_bytes(bytes) + ")");
    });
  });
  if (status != GP_OK) return status;

  set_transfer_result(result, bytes, pinned,
                      ref::first_random_mismatch(host.words(), words, params.seed), words,
                      params.seed, host.words());
  return GP_OK;
}

}  // namespace

const KernelEntry kTransferH2dKernel{run_h2d, always_supported};
const KernelEntry kTransferD2hKernel{run_d2h, always_supported};

}  // namespace gpuprobe::opencl
