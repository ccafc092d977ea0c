// Host <-> device transfers (transfer_h2d, transfer_d2h), size_bytes per transfer. One
// definition per kind, at every size:
//  - pinned (GP_FLAG_PINNED): DMA between host-visible memory and device-local memory,
//    vkCmdCopyBuffer timed with device timestamps (CUDA's pinned cudaMemcpy, in Vulkan
//    terms). A device without usable timestamps falls back to the host clock and says so.
//  - pageable (no flag): the data lives in plain malloc'd memory; a transfer is what a user
//    waits for, timed on the host from the call to completion: memcpy into a staging buffer
//    + vkCmdCopyBuffer + fence (h2d), or the reverse (d2h).
// Verification (backends/kit/README.md): the source holds size + kit::kWindowShiftBytes,
// transfer k moves the window at kit::window_offset_bytes(k), the destination is poisoned
// before the timed transfers and every word is checked against the last key's window.
// A copy runs no shader of ours, so it cannot keep a device launch tally; the evidence that
// every timed transfer ran (kit::check_launch_tally) is per call instead: pinned, a device
// timestamp written after each copy in the batch (BatchTimer receipts); pageable, the fence
// of each transfer's own submission. Both prove the device (driver) completed that many
// copy commands, not that each moved every byte: the destination proves the last one.
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/reference.hpp"
#include "kernel_common.hpp"
#include "kit/checks.hpp"
#include "vk_buffer.hpp"
#include "vk_error.hpp"

namespace gpuprobe::vk {
namespace {

constexpr uint64_t kGranularity = 4;  // whole 32-bit words
constexpr uint64_t kShift = kit::kWindowShiftBytes;

struct Words {
  explicit Words(uint64_t count) : data(new uint32_t[count]), count(count) {}
  std::unique_ptr<uint32_t[]> data;  // plain heap (pageable) memory
  uint64_t count;
};

// Bytes one transfer moves: all of them, or fewer under the test-only fault switch.
uint64_t moved_bytes(uint64_t bytes) { return bytes - kit::transfer_shortfall_bytes(bytes); }

void record_copy(VkCommandBuffer cmd, const Buffer& from, uint64_t from_offset, const Buffer& to,
                 uint64_t bytes) {
  if (bytes == 0) return;
  VkBufferCopy region{from_offset, 0, bytes};
  vkCmdCopyBuffer(cmd, from.get(), to.get(), 1, &region);
}

// Every word of the destination against the source window of the last transfer, and the
// transfers completed (`receipts`, nullopt where there are none) against the timed ones.
void check_destination(KernelRun& run, const uint32_t* words, uint64_t count, const char* where,
                       std::optional<uint64_t> receipts) {
  const uint64_t window = kit::window_offset_bytes(run.ledger.last_key) / 4;
  kit::begin_checks(run.result);
  if (receipts)
    kit::check_launch_tally(run.result, static_cast<uint32_t>(*receipts), run.ledger, run.params);
  kit::check_words(run.result, where, words, count,
                   [&](uint64_t i) { return reference::random_word(run.params.seed, i + window); });
}

gp_status pinned_transfer(KernelRun& run, bool to_device, uint64_t bytes) {
  const uint64_t count = bytes / 4;
  const uint64_t moved = moved_bytes(bytes);
  // Source: size + shift bytes of random words; destination: the working set.
  Buffer source(run.context, bytes + kShift,
                to_device ? MemoryUse::Upload : MemoryUse::DeviceLocal);
  Buffer destination(run.context, bytes, to_device ? MemoryUse::DeviceLocal : MemoryUse::Readback);
  write_buffer(run.context, source, [&](void* p) {
    reference::fill_random_words(static_cast<uint32_t*>(p), count + kShift / 4, run.params.seed);
  });
  BatchTimer timer(
      run.context,
      [&](VkCommandBuffer cmd, uint32_t key) {
        record_copy(cmd, source, kit::window_offset_bytes(key), destination, moved);
      },
      VK_PIPELINE_STAGE_TRANSFER_BIT);
  const bool receipts = timer.enable_launch_receipts();
  plugin::append_note(&run.result,
                      "pinned: vkCmdCopyBuffer between host-visible and device-local memory, "
                      "device-timed");
  if (!receipts)
    plugin::append_note(&run.result,
                        "no timestamps: only the last transfer is proven, not every one");
  const auto poison = [&] { fill_words(run.context, destination, kit::kPoisonWord); };
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;
  read_buffer(run.context, destination, [&](const void* p) {
    check_destination(run, static_cast<const uint32_t*>(p), count, to_device ? "device" : "host",
                      receipts ? std::optional<uint64_t>(timer.timed_receipts()) : std::nullopt);
  });
  return GP_OK;
}

template <typename Fn>
double host_seconds(Fn&& fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A command buffer holding one copy between staging and device memory, with the barriers
// that make host writes visible to it and its writes visible to the host.
VkCommandBuffer record_staged_copy(Context& context, VkCommandPool pool, const Buffer& from,
                                   uint64_t from_offset, const Buffer& to, uint64_t bytes) {
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  allocate_command_buffers(context.device(), pool, &cmd, 1);
  VkCommandBufferBeginInfo begin{};
  begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
  memory_barrier(cmd, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT);
  record_copy(cmd, from, from_offset, to, bytes);
  memory_barrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT);
  check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
  return cmd;
}

gp_status pageable_h2d(KernelRun& run, uint64_t bytes) {
  const uint64_t count = bytes / 4;
  const uint64_t moved = moved_bytes(bytes);
  Words host(count + kShift / 4);
  reference::fill_random_words(host.data.get(), host.count, run.params.seed);
  Buffer staging(run.context, bytes, MemoryUse::Upload);
  Buffer device(run.context, bytes, MemoryUse::DeviceLocal);
  CommandPool pool = run.context.create_command_pool();
  VkCommandBuffer cmd = record_staged_copy(run.context, pool.get(), staging, 0, device, moved);
  auto* staged = static_cast<uint32_t*>(staging.mapped());

  run.result.timer = GP_TIMER_HOST;
  plugin::append_note(&run.result,
                      "pageable: malloc'd memory through a staging buffer, host clock from the "
                      "call to completion");
  uint64_t fenced = 0;  // transfers whose submission's fence signalled, since poison()
  const auto poison = [&] {
    fill_words(run.context, device, kit::kPoisonWord);
    fenced = 0;
  };
  const gp_status status = kit::collect_samples(
      run.params, run.result, run.ledger, poison, [&](const kit::BatchPlan& plan) {
        return host_seconds([&] {
          for (uint32_t i = 0; i < plan.count; ++i) {
            if (!plan.issues(i)) continue;
            const uint64_t window = kit::window_offset_bytes(plan.key(i)) / 4;
            std::memcpy(staged, host.data.get() + window, moved);
            staging.flush_host_writes();
            run.context.submit_and_wait(&cmd, 1);  // throws unless the fence signalled
            ++fenced;
          }
        });
      });
  if (status != GP_OK) return status;
  read_buffer(run.context, device, [&](const void* p) {
    check_destination(run, static_cast<const uint32_t*>(p), count, "device", fenced);
  });
  return GP_OK;
}

gp_status pageable_d2h(KernelRun& run, uint64_t bytes) {
  const uint64_t count = bytes / 4;
  const uint64_t moved = moved_bytes(bytes);
  Buffer device(run.context, bytes + kShift, MemoryUse::DeviceLocal);
  write_buffer(run.context, device, [&](void* p) {
    reference::fill_random_words(static_cast<uint32_t*>(p), count + kShift / 4, run.params.seed);
  });
  Buffer staging(run.context, bytes, MemoryUse::Readback);
  Words host(count);
  kit::poison_words(host.data.get(), count);
  CommandPool pool = run.context.create_command_pool();
  // One recording per window position (the window only alternates between two).
  const VkCommandBuffer copies[2] = {
      record_staged_copy(run.context, pool.get(), device, kit::window_offset_bytes(0), staging,
                         moved),
      record_staged_copy(run.context, pool.get(), device, kit::window_offset_bytes(1), staging,
                         moved)};
  const auto* staged = static_cast<const uint32_t*>(staging.mapped());

  run.result.timer = GP_TIMER_HOST;
  plugin::append_note(&run.result,
                      "pageable: malloc'd memory through a staging buffer, host clock from the "
                      "call to completion");
  uint64_t fenced = 0;  // transfers whose submission's fence signalled, since poison()
  const auto poison = [&] {
    kit::poison_words(host.data.get(), count);
    fenced = 0;
  };
  const gp_status status = kit::collect_samples(
      run.params, run.result, run.ledger, poison, [&](const kit::BatchPlan& plan) {
        return host_seconds([&] {
          for (uint32_t i = 0; i < plan.count; ++i) {
            if (!plan.issues(i)) continue;
            run.context.submit_and_wait(&copies[kit::window_offset_bytes(plan.key(i)) ? 1 : 0], 1);
            ++fenced;
            staging.invalidate_for_host_reads();
            std::memcpy(host.data.get(), staged, moved);
          }
        });
      });
  if (status != GP_OK) return status;
  check_destination(run, host.data.get(), count, "host", fenced);
  return GP_OK;
}

gp_status run_transfer(KernelRun& run, bool to_device) {
  const bool pinned = (run.params.flags & GP_FLAG_PINNED) != 0;
  // Both kinds hold a device buffer and a host-visible buffer of the same size.
  const uint64_t bytes =
      clamp_working_set(run, run.params.size_bytes, 2, Binding::TransferOnly, kGranularity);
  run.result.size_bytes = bytes;
  run.result.work_items = 1;
  run.result.work_per_iteration = double(bytes);
  if (pinned) return pinned_transfer(run, to_device, bytes);
  return to_device ? pageable_h2d(run, bytes) : pageable_d2h(run, bytes);
}

}  // namespace

const KernelEntry kernel_TRANSFER_H2D{nullptr,
                                      [](KernelRun& run) { return run_transfer(run, true); }};
const KernelEntry kernel_TRANSFER_D2H{nullptr,
                                      [](KernelRun& run) { return run_transfer(run, false); }};

}  // namespace gpuprobe::vk
