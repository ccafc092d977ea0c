// transfer_h2d / transfer_d2h. On a CPU host and device memory are the same DRAM, so a
// "transfer" is a memcpy between a host buffer and the buffer the kernels use, split over
// the pool for big transfers. Pageable = malloc'd memory; pinned = an mlock'ed mapping.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "gpuprobe/reference.hpp"
#include "host_buffer.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "run_support.hpp"

namespace gpuprobe::cpu {
namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// The application's side of the transfer.
class HostSide {
 public:
  HostSide(uint64_t bytes, bool pinned) {
    if (pinned) {
      locked_ = HostBuffer(bytes, HostBuffer::Pages::kDefault, /*lock=*/true);
      data_ = locked_.data();
    } else {
      pageable_.reset(std::malloc(bytes));
      if (!pageable_) throw plugin::Error(GP_ERR_OUT_OF_MEMORY, "malloc failed");
      data_ = pageable_.get();
    }
  }
  uint32_t* words() const { return static_cast<uint32_t*>(data_); }

 private:
  HostBuffer locked_;
  std::unique_ptr<void, FreeDeleter> pageable_;
  void* data_ = nullptr;
};

// Transfer `key` moves the source window at window_offset_bytes(key) into a poisoned
// destination, so the destination after the run holds the last transfer's window.
void run_transfer(Context& context, const gp_run_params& params, gp_run_result& result) {
  const bool to_device = params.kernel == GP_KERNEL_TRANSFER_H2D;
  const bool pinned = (params.flags & GP_FLAG_PINNED) != 0;
  const uint64_t bytes = buffer_bytes(context, params, result, kLineBytes, kit::kWindowShiftBytes);
  const uint64_t words = bytes / sizeof(uint32_t);
  const uint64_t source_bytes = bytes + kit::kWindowShiftBytes;

  HostBuffer device(to_device ? bytes : source_bytes, HostBuffer::Pages::kHuge);
  HostSide host(to_device ? source_bytes : bytes, pinned);
  uint32_t* src = to_device ? host.words() : device.as<uint32_t>();
  uint32_t* dst = to_device ? device.as<uint32_t>() : host.words();
  reference::fill_random_words(src, source_bytes / sizeof(uint32_t), params.seed);
  prefault(context, dst, bytes);
  kit::poison_words(dst, words);
  plugin::append_note(&result,
                      std::string("CPU: host and device memory are the same; memcpy ") +
                          (pinned ? "from/to mlock'ed memory" : "from/to malloc'ed memory"));

  // A copy engine splits only big copies: below 1 MiB per thread, handing a piece to
  // another thread costs more than copying it.
  const auto threads =
      static_cast<unsigned>(std::clamp<uint64_t>(bytes >> 20, 1, context.pool.size()));
  const LastThreadFault fault = last_thread_fault();
  kit::Ledger ledger;
  LaunchTally tally;  // the CPU's "copy engine" is the pool: its thread 0 counts each transfer
  sample_launches(
      params, result, ledger,
      [&] {
        kit::poison_words(dst, words);
        tally.reset();
      },
      [&](uint32_t key) {
        const char* window = reinterpret_cast<const char*>(src) + kit::window_offset_bytes(key);
        context.pool.run(threads, [&](unsigned t, unsigned n) {
          tally.count(t);
          const Share share = share_of(bytes / kLineBytes, t, n);
          uint64_t count = share.size() * kLineBytes;
          if (fault.skips_iteration(t, n)) count -= sizeof(uint32_t);  // one word fewer
          if (fault.skips_store(t, n)) count -= kLineBytes;            // last 64 bytes not moved
          std::memcpy(reinterpret_cast<char*>(dst) + share.begin * kLineBytes,
                      window + share.begin * kLineBytes, count);
        });
      });

  const uint64_t offset_words = kit::window_offset_bytes(ledger.last_key) / sizeof(uint32_t);
  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.value, ledger, params);
  kit::check_words(result, "destination", dst, words, [&](uint64_t i) {
    return reference::random_word(params.seed, i + offset_words);
  });
  result.size_bytes = bytes;
  result.work_items = threads;
  result.work_per_iteration = static_cast<double>(bytes);  // bytes transferred
}

}  // namespace

const KernelEntry kernel_TRANSFER_H2D{&run_transfer};
const KernelEntry kernel_TRANSFER_D2H{&run_transfer};

}  // namespace gpuprobe::cpu
