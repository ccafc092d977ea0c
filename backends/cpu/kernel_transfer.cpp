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

}  // namespace

gp_status run_transfer(Context& context, const gp_run_params& params, gp_run_result& result) {
  const bool to_device = params.kernel == GP_KERNEL_TRANSFER_H2D;
  const bool pinned = (params.flags & GP_FLAG_PINNED) != 0;
  const uint64_t bytes = buffer_bytes(context, params, result, kLineBytes);
  const uint64_t words = bytes / sizeof(uint32_t);

  HostBuffer device(bytes, HostBuffer::Pages::kHuge);
  HostSide host(bytes, pinned);
  uint32_t* src = to_device ? host.words() : device.as<uint32_t>();
  uint32_t* dst = to_device ? device.as<uint32_t>() : host.words();
  reference::fill_random_words(src, words, params.seed);
  prefault(context, dst, bytes);
  plugin::append_note(&result,
                      std::string("CPU: host and device memory are the same; memcpy ") +
                          (pinned ? "from/to mlock'ed memory" : "from/to malloc'ed memory"));

  // A copy engine splits only big copies: below 1 MiB per thread, handing a piece to
  // another thread costs more than copying it.
  const auto threads =
      static_cast<unsigned>(std::clamp<uint64_t>(bytes >> 20, 1, context.pool.size()));
  const gp_status status = time_samples(params, result, [&] {
    context.pool.run(threads, [&](unsigned t, unsigned n) {
      const Share share = share_of(bytes / kLineBytes, t, n);
      std::memcpy(dst + share.begin * kLineWords, src + share.begin * kLineWords,
                  share.size() * kLineBytes);
    });
  });
  if (status != GP_OK) return status;

  const uint64_t bad = reference::first_random_mismatch(dst, words, params.seed);
  result.verification = bad == words ? GP_VERIFY_PASSED : GP_VERIFY_FAILED;
  if (bad != words)
    plugin::append_note(&result, "word " + std::to_string(bad) + " did not arrive intact");
  result.size_bytes = bytes;
  result.work_items = threads;
  result.work_per_iteration = static_cast<double>(bytes);  // bytes transferred
  return GP_OK;
}

}  // namespace gpuprobe::cpu
