// Host <-> device transfers, one definition per kind on every API:
//  - pageable: plain host memory (std::vector) handed to clEnqueueWrite/ReadBuffer, timed
//    on the host clock from the first call to completion, so the driver's staging through
//    a bounce buffer (host work the copy commands' profiling events leave out) counts;
//  - pinned (GP_FLAG_PINNED): the host side is a CL_MEM_ALLOC_HOST_PTR buffer kept mapped,
//    the pattern drivers document for page-locked, DMA-able host memory, timed on the
//    device with the copy commands' own profiling events.
// Transfer k moves the source window at kit::window_offset_bytes(k) (the source is 256
// bytes longer), into a poisoned destination that is read back untimed and checked word
// by word.
#include <algorithm>
#include <memory>
#include <vector>

#include "../buffers.hpp"
#include "../call_tally.hpp"
#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/fault.hpp"
#include "kit/sampling.hpp"
#include "kit/sizes.hpp"

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
    check(err, "clEnqueueMapBuffer(pinned, " + kit::format_bytes(bytes) + ")");
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

// Pageable: host clock, staging included. Pinned: device clock over the DMA commands.
template <typename Enqueue>
double timed_transfers(DeviceContext& device, bool pinned, const kit::BatchPlan& plan,
                       Enqueue&& enqueue) {
  return pinned ? device_timed_batch(device, plan, enqueue)
                : host_timed_batch(device, plan, enqueue);
}

// Every transfer has its own profiling event (CallTally): the count of completed ones must
// match the timed transfers; the destination proves the last one moved every word.
void check_arrived(gp_run_result& result, const uint32_t* data, uint64_t words,
                   const gp_run_params& params, const kit::Ledger& ledger, const CallTally& calls) {
  const uint32_t seed = params.seed;
  const uint64_t offset_words = kit::window_offset_bytes(ledger.last_key) / 4;
  kit::begin_checks(result);
  kit::check_launch_tally(result, calls.value(), ledger, params);
  kit::check_words(result, "destination", data, words,
                   [&](uint64_t i) { return ref::random_word(seed, i + offset_words); });
}

void set_transfer_result(gp_run_result& result, uint64_t bytes, bool pinned) {
  plugin::append_note(&result, pinned ? "pinned host memory (CL_MEM_ALLOC_HOST_PTR, mapped)"
                                      : "pageable host memory, host clock (staging included)");
  result.timer = pinned ? GP_TIMER_DEVICE : GP_TIMER_HOST;
  result.size_bytes = bytes;
  result.work_items = 0;
  result.work_per_iteration = static_cast<double>(bytes);
}

gp_status run_h2d(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const bool pinned = (params.flags & GP_FLAG_PINNED) != 0;
  const uint64_t bytes =
      clamp_buffer_bytes(device, params.size_bytes, 4, result, kit::kWindowShiftBytes);
  const uint64_t words = bytes / 4;
  const uint64_t moved = bytes - kit::transfer_shortfall_bytes(bytes);
  HostMemory host(device, bytes + kit::kWindowShiftBytes, pinned);
  ref::fill_random_words(host.words(), words + kit::kWindowShiftBytes / 4, params.seed);
  Mem target = create_buffer(device, CL_MEM_READ_WRITE, bytes, "transfer target");
  poison_buffer(device, target.get(), bytes);

  auto transfer = [&](uint32_t key, cl_event* event) {
    const uint32_t* source = host.words() + kit::window_offset_bytes(key) / 4;
    check(clEnqueueWriteBuffer(device.queue(), target.get(), CL_FALSE, 0, moved, source, 0, nullptr,
                               event),
          "clEnqueueWriteBuffer(" + kit::format_bytes(moved) + ")");
  };
  CallTally calls;
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        poison_buffer(device, target.get(), bytes);
        calls.reset();
      },
      [&](const kit::BatchPlan& plan) {
        const double seconds = timed_transfers(device, pinned, plan, calls.counted(transfer));
        calls.count_batch();
        return seconds;
      });
  if (status != GP_OK) return status;

  std::vector<uint32_t> arrived(words);
  read_buffer(device, target.get(), arrived.data(), bytes);
  check_arrived(result, arrived.data(), words, params, ledger, calls);
  set_transfer_result(result, bytes, pinned);
  return GP_OK;
}

gp_status run_d2h(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const bool pinned = (params.flags & GP_FLAG_PINNED) != 0;
  const uint64_t bytes =
      clamp_buffer_bytes(device, params.size_bytes, 4, result, kit::kWindowShiftBytes);
  const uint64_t words = bytes / 4;
  const uint64_t moved = bytes - kit::transfer_shortfall_bytes(bytes);
  const uint64_t source_bytes = bytes + kit::kWindowShiftBytes;
  Mem source = create_buffer(device, CL_MEM_READ_WRITE, source_bytes, "transfer source");
  {
    std::vector<uint32_t> data(source_bytes / 4);
    ref::fill_random_words(data.data(), data.size(), params.seed);
    write_buffer(device, source.get(), data.data(), source_bytes);
  }
  HostMemory host(device, bytes, pinned);
  kit::poison_words(host.words(), words);

  auto transfer = [&](uint32_t key, cl_event* event) {
    check(clEnqueueReadBuffer(device.queue(), source.get(), CL_FALSE, kit::window_offset_bytes(key),
                              moved, host.words(), 0, nullptr, event),
          "clEnqueueReadBuffer(" + kit::format_bytes(moved) + ")");
  };
  CallTally calls;
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        kit::poison_words(host.words(), words);
        calls.reset();
      },
      [&](const kit::BatchPlan& plan) {
        const double seconds = timed_transfers(device, pinned, plan, calls.counted(transfer));
        calls.count_batch();
        return seconds;
      });
  if (status != GP_OK) return status;

  check_arrived(result, host.words(), words, params, ledger, calls);
  set_transfer_result(result, bytes, pinned);
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_TRANSFER_H2D{run_h2d, always_supported};
const KernelEntry kernel_TRANSFER_D2H{run_d2h, always_supported};

}  // namespace gpuprobe::opencl
