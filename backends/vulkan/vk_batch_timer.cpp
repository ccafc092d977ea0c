#include "vk_batch_timer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "vk_error.hpp"

namespace gpuprobe::vk {
namespace {

// Launches per command buffer: a batch of thousands of tiny dispatches stays in a few
// buffers of bounded size; they still go to the queue in one vkQueueSubmit.
constexpr uint32_t kLaunchesPerCommandBuffer = 4096;

}  // namespace

bool host_timer_forced() {
  const char* value = std::getenv("GPUPROBE_VK_HOST_TIMER");
  return value != nullptr && value[0] != '\0' && std::strcmp(value, "0") != 0;
}

BatchTimer::BatchTimer(Context& context, Record record_one, VkPipelineStageFlags stages,
                       BatchStart start)
    : context_(context), record_one_(std::move(record_one)), stages_(stages), start_(start) {
  const PhysicalDevice& physical = context.physical();
  if (host_timer_forced()) {
    fallback_reason_ = "host clock around submit-and-wait (GPUPROBE_VK_HOST_TIMER is set)";
  } else if (!physical.device_timestamps()) {
    fallback_reason_ =
        physical.timestamp_valid_bits == 0
            ? "host clock around submit-and-wait: the compute queue has no timestamps"
            : "host clock around submit-and-wait: timestampComputeAndGraphics is false";
  } else {
    device_timer_ = true;
    period_ns_ = physical.properties.limits.timestampPeriod;
    if (physical.timestamp_valid_bits < 64)
      valid_mask_ = (uint64_t{1} << physical.timestamp_valid_bits) - 1;
    VkQueryPoolCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
    info.queryType = VK_QUERY_TYPE_TIMESTAMP;
    info.queryCount = 2;
    VkQueryPool pool = VK_NULL_HANDLE;
    check(vkCreateQueryPool(context.device(), &info, nullptr, &pool), "vkCreateQueryPool");
    queries_ = QueryPool(context.device(), pool);
  }
  pool_ = context.create_command_pool();
}

bool BatchTimer::enable_launch_receipts() {
  receipts_ = device_timer_;
  return receipts_;
}

uint32_t BatchTimer::record(const kit::BatchPlan& plan) {
  const VkDevice device = context_.device();
  std::vector<uint32_t> keys;  // the launches really issued, in order
  for (uint32_t i = 0; i < plan.count; ++i)
    if (plan.issues(i)) keys.push_back(plan.key(i));
  const bool after_first = start_ == BatchStart::AfterFirst && !keys.empty();
  if (after_first) keys.insert(keys.begin(), plan.first_key);
  if (after_first && plan.timed) ++timed_leading_launches_;
  const uint32_t total = static_cast<uint32_t>(keys.size());
  if (receipts_ && total > receipt_capacity_) {
    VkQueryPoolCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
    info.queryType = VK_QUERY_TYPE_TIMESTAMP;
    info.queryCount = total;
    VkQueryPool pool = VK_NULL_HANDLE;
    check(vkCreateQueryPool(device, &info, nullptr, &pool), "vkCreateQueryPool");
    receipt_queries_ = QueryPool(device, pool);
    receipt_capacity_ = total;
  }
  const uint32_t needed =
      std::max(1u, (total + kLaunchesPerCommandBuffer - 1) / kLaunchesPerCommandBuffer);
  if (buffers_.size() < needed) {
    const size_t old = buffers_.size();
    buffers_.resize(needed);
    allocate_command_buffers(device, pool_.get(), buffers_.data() + old,
                             static_cast<uint32_t>(needed - old));
  }
  uint32_t launch = 0;
  for (uint32_t b = 0; b < needed; ++b) {
    VkCommandBuffer cmd = buffers_[b];
    check(vkResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
    VkCommandBufferBeginInfo begin{};
    begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
    if (b == 0) {
      // Host writes and earlier submissions' work are visible to the first launch.
      memory_barrier(cmd, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT, stages_);
      if (device_timer_) {
        vkCmdResetQueryPool(cmd, queries_.get(), 0, 2);
        // Every receipt reset: one left from an earlier batch must not count again.
        if (receipts_ && receipt_capacity_ > 0)
          vkCmdResetQueryPool(cmd, receipt_queries_.get(), 0, receipt_capacity_);
        if (!after_first)
          vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, queries_.get(), 0);
      }
    }
    const uint32_t end = std::min(total, launch + kLaunchesPerCommandBuffer);
    for (; launch < end; ++launch) {
      if (launch > 0) memory_barrier(cmd, stages_, stages_);
      record_one_(cmd, keys[launch]);
      // A receipt for every launch of the plan (AfterFirst's extra launch 0 is not one);
      // one timestamp per copy, next to a barrier that already separates the copies.
      if (receipts_ && !(after_first && launch == 0))
        vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, receipt_queries_.get(),
                            launch);
      if (after_first && launch == 0 && device_timer_)
        vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queries_.get(), 0);
    }
    if (b + 1 == needed) {
      if (device_timer_)
        vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queries_.get(), 1);
      // The host reads results after the fence.
      memory_barrier(cmd, stages_, VK_PIPELINE_STAGE_HOST_BIT);
    }
    check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
  }
  return needed;
}

double BatchTimer::seconds(const kit::BatchPlan& plan) {
  const uint32_t count = record(plan);
  const auto start = std::chrono::steady_clock::now();
  context_.submit_and_wait(buffers_.data(), count);
  const auto stop = std::chrono::steady_clock::now();
  if (!device_timer_) return std::chrono::duration<double>(stop - start).count();

  uint64_t stamps[2] = {0, 0};
  check(vkGetQueryPoolResults(context_.device(), queries_.get(), 0, 2, sizeof stamps, stamps,
                              sizeof(uint64_t), VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
        "vkGetQueryPoolResults");
  if (receipts_ && plan.timed && receipt_capacity_ > 0) {
    // Without WAIT: a launch that was never recorded has no timestamp to wait for, and its
    // query stays unavailable after the reset.
    std::vector<uint64_t> receipts(2 * size_t{receipt_capacity_}, 0);
    const VkResult got = vkGetQueryPoolResults(
        context_.device(), receipt_queries_.get(), 0, receipt_capacity_,
        receipts.size() * sizeof(uint64_t), receipts.data(), 2 * sizeof(uint64_t),
        VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WITH_AVAILABILITY_BIT);
    if (got != VK_NOT_READY) check(got, "vkGetQueryPoolResults(receipts)");
    for (uint32_t q = 0; q < receipt_capacity_; ++q)
      if (receipts[2 * size_t{q} + 1] != 0) ++timed_receipts_;
  }
  // Counters narrower than 64 bits wrap; the masked difference is still right.
  const uint64_t ticks = (stamps[1] - stamps[0]) & valid_mask_;
  return double(ticks) * period_ns_ * 1e-9;
}

}  // namespace gpuprobe::vk
