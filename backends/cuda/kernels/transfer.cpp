// Host <-> device transfers, one definition per kind on every API:
//  - pageable: plain host memory (std::vector) handed to cudaMemcpyAsync, timed on the host
//    clock from the first call to completion, so the runtime's staging through a bounce
//    buffer counts;
//  - pinned (GP_FLAG_PINNED): page-locked host memory from cudaHostAlloc, timed on the
//    device with CUDA events around the batch.
// Transfer k moves the source window at kit::window_offset_bytes(k) into a poisoned
// destination checked word by word. Receipts: an event after every transfer, counted when
// the device completed it (cudaEventQuery), against the timed transfers (the kit README's
// per-call receipts: the runtime's word that each copy completed).
#include <memory>
#include <vector>

#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/fault.hpp"
#include "kit/sampling.hpp"
#include "kit/sizes.hpp"

namespace gpuprobe::cuda {
namespace {

namespace ref = gpuprobe::reference;

class HostMemory {
 public:
  HostMemory(uint64_t bytes, bool pinned) {
    if (pinned)
      pinned_ = pinned_alloc(bytes, "pinned host memory");
    else
      pageable_.resize(bytes / 4);
  }
  uint32_t* words() { return pinned_.get() ? pinned_.as() : pageable_.data(); }

 private:
  PinnedBuffer pinned_;
  std::vector<uint32_t> pageable_;
};

// An event recorded after every transfer of the run; completed() counts those the device
// finished.
class Receipts {
 public:
  void reset() { events_.clear(); }
  void record(DeviceContext& device) {
    events_.emplace_back();
    check(cudaEventRecord(events_.back().get(), device.stream()), "cudaEventRecord(receipt)");
  }
  uint32_t completed() const {
    uint32_t n = 0;
    for (const Event& e : events_)
      if (cudaEventQuery(e.get()) == cudaSuccess) ++n;
    return n;
  }

 private:
  std::vector<Event> events_;
};

template <typename Transfer>
double timed_transfers(DeviceContext& device, bool pinned, const kit::BatchPlan& plan,
                       Transfer&& transfer) {
  return pinned ? device_timed_batch(device, plan, transfer)
                : host_timed_batch(device, plan, transfer);
}

void check_arrived(gp_run_result& result, const uint32_t* data, uint64_t words,
                   const gp_run_params& params, const kit::Ledger& ledger,
                   const Receipts& receipts) {
  const uint64_t offset_words = kit::window_offset_bytes(ledger.last_key) / 4;
  kit::begin_checks(result);
  kit::check_launch_tally(result, receipts.completed(), ledger, params);
  kit::check_words(result, "destination", data, words,
                   [&](uint64_t i) { return ref::random_word(params.seed, i + offset_words); });
}

void set_transfer_result(gp_run_result& result, uint64_t bytes, bool pinned) {
  plugin::append_note(&result, pinned ? "pinned host memory (cudaHostAlloc)"
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
  HostMemory host(bytes + kit::kWindowShiftBytes, pinned);
  ref::fill_random_words(host.words(), words + kit::kWindowShiftBytes / 4, params.seed);
  const DeviceBuffer target = device_alloc(bytes, "transfer target");
  device.fill_words(target.get(), kit::kPoisonWord, bytes);

  Receipts receipts;
  auto transfer = [&](uint32_t key) {
    const uint32_t* source = host.words() + kit::window_offset_bytes(key) / 4;
    check(cudaMemcpyAsync(target.get(), source, moved, cudaMemcpyHostToDevice, device.stream()),
          "cudaMemcpyAsync(host to device, " + kit::format_bytes(moved) + ")");
    receipts.record(device);
  };
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        device.fill_words(target.get(), kit::kPoisonWord, bytes);
        receipts.reset();
      },
      [&](const kit::BatchPlan& plan) { return timed_transfers(device, pinned, plan, transfer); });
  if (status != GP_OK) return status;

  std::vector<uint32_t> arrived(words);
  device.download(arrived.data(), target.get(), bytes);
  check_arrived(result, arrived.data(), words, params, ledger, receipts);
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
  const DeviceBuffer source = device_alloc(source_bytes, "transfer source");
  {
    std::vector<uint32_t> data(source_bytes / 4);
    ref::fill_random_words(data.data(), data.size(), params.seed);
    device.upload(source.get(), data.data(), source_bytes);
  }
  HostMemory host(bytes, pinned);
  kit::poison_words(host.words(), words);

  Receipts receipts;
  auto transfer = [&](uint32_t key) {
    const char* from = source.as<const char>() + kit::window_offset_bytes(key);
    check(cudaMemcpyAsync(host.words(), from, moved, cudaMemcpyDeviceToHost, device.stream()),
          "cudaMemcpyAsync(device to host, " + kit::format_bytes(moved) + ")");
    receipts.record(device);
  };
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        kit::poison_words(host.words(), words);
        receipts.reset();
      },
      [&](const kit::BatchPlan& plan) { return timed_transfers(device, pinned, plan, transfer); });
  if (status != GP_OK) return status;

  check_arrived(result, host.words(), words, params, ledger, receipts);
  set_transfer_result(result, bytes, pinned);
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_TRANSFER_H2D{run_h2d, always_supported};
const KernelEntry kernel_TRANSFER_D2H{run_d2h, always_supported};

}  // namespace gpuprobe::cuda
