// Times a batch of launches (a kit::BatchPlan): one submission whose command buffers hold
// the plan's issued launches back to back, each recorded with its launch key, separated by pipeline
// barriers (each launch sees the previous one's writes, as a real sequence of kernels would), with
// a timestamp before the first and after the last. Several launches per submit keep submission
// overhead out of bandwidth figures; the timestamps measure the device, scaled by timestampPeriod.
// Where the queue has no usable timestamps the host clock brackets submit-and-wait, and
// timer() says so. Keys change from batch to batch, so every batch is recorded anew.
#pragma once

#include <vulkan/vulkan.h>

#include <functional>
#include <string>
#include <vector>

#include "gpuprobe/plugin.h"
#include "kit/sampling.hpp"
#include "vk_context.hpp"
#include "vk_handles.hpp"

namespace gpuprobe::vk {

// Where a batch's first timestamp goes. BeforeFirst: top of pipe before the first launch
// (the batch includes starting the first). AfterFirst: one extra launch goes first and the
// timestamp follows it, so n launches are timed from the end of one to the end of the last,
// each paying its barrier and its gap (launch_gap). The extra launch is issued only when
// the plan issues any launch, with the plan's first key (the launches after it overwrite
// whatever it stores).
enum class BatchStart { BeforeFirst, AfterFirst };

class BatchTimer {
 public:
  using Record = std::function<void(VkCommandBuffer, uint32_t key)>;
  // `record_one` records one launch with its key; `stages` are the pipeline stages it runs
  // in (compute shader for dispatches, transfer for copies).
  BatchTimer(Context& context, Record record_one, VkPipelineStageFlags stages,
             BatchStart start = BatchStart::BeforeFirst);

  // Seconds that the plan's issued launches took back to back (with AfterFirst, one more
  // runs first, untimed).
  double seconds(const kit::BatchPlan& plan);
  gp_timer timer() const { return device_timer_ ? GP_TIMER_DEVICE : GP_TIMER_HOST; }
  // Why the host clock is used ("" with device timestamps).
  const std::string& fallback_reason() const { return fallback_reason_; }
  // AfterFirst: the extra launches recorded in timed batches (all after poison()), which a
  // launch tally counts on top of the plan's (kit::check_launch_tally).
  uint64_t timed_leading_launches() const { return timed_leading_launches_; }
  // Per-launch receipts for launches that run no shader of ours (DMA copies): with device
  // timestamps, a timestamp is written after every launch of the plan, and the launches
  // whose timestamp the device made available in timed batches are counted. Returns false
  // (and counts nothing) where the queue has no timestamps.
  bool enable_launch_receipts();
  uint64_t timed_receipts() const { return timed_receipts_; }

 private:
  // Records the plan; returns the command buffers to submit.
  uint32_t record(const kit::BatchPlan& plan);

  Context& context_;
  Record record_one_;
  VkPipelineStageFlags stages_;
  BatchStart start_;
  bool device_timer_ = false;
  std::string fallback_reason_;
  double period_ns_ = 1.0;
  uint64_t valid_mask_ = ~uint64_t{0};
  uint64_t timed_leading_launches_ = 0;
  bool receipts_ = false;
  uint64_t timed_receipts_ = 0;
  uint32_t receipt_capacity_ = 0;
  QueryPool receipt_queries_;
  CommandPool pool_;
  QueryPool queries_;
  std::vector<VkCommandBuffer> buffers_;  // freed with pool_
};

// True when GPUPROBE_VK_HOST_TIMER is set (not "" or "0"): forces the host-clock fallback,
// so the fallback path can be exercised on a device that has timestamps.
bool host_timer_forced();

}  // namespace gpuprobe::vk
