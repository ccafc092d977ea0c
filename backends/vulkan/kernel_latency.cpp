// Latency kernels: pointer_chase (dependent loads through a Sattolo cycle; shader
// pointer_chase.comp), launch_latency (submit one dispatch, wait for its fence, repeat;
// shader launch_latency.comp) and launch_gap (the same empty dispatch back to back in one
// command buffer, timed between device timestamps).
#include <algorithm>
#include <chrono>
#include <cstring>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/reference.hpp"
#include "kernel_common.hpp"
#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_error.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

constexpr uint64_t kNodeBytes = 64;  // one node per cache line
constexpr uint32_t kWordsPerNode = kNodeBytes / sizeof(uint32_t);
constexpr uint32_t kUnroll = 32;  // steps per loop iteration in pointer_chase.comp

// Steps per launch: every node at least once for working sets up to 1 Mi nodes, at least
// 64 Ki steps so a launch is long against its own overhead, and at most 1 Mi steps so a
// launch stays in the milliseconds even at DRAM latency; a multiple of the shader's unroll.
// 1 Mi steps are 32 Ki loop iterations, under lavapipe's 65535 per invocation.
uint32_t chase_steps(uint32_t nodes) {
  const uint32_t steps = std::clamp<uint32_t>(nodes, 1u << 16, 1u << 20);
  return (steps + kUnroll - 1) / kUnroll * kUnroll;
}

}  // namespace

gp_status run_pointer_chase(KernelRun& run) {
  uint64_t bytes = std::max(run.params.size_bytes, 2 * kNodeBytes);  // a cycle needs 2 nodes
  bytes = clamp_working_set(run, bytes, 1, Binding::Storage, kNodeBytes);
  const uint32_t nodes = static_cast<uint32_t>(bytes / kNodeBytes);
  const uint32_t steps = chase_steps(nodes);

  const std::vector<uint32_t> next = reference::sattolo_cycle(nodes, run.params.seed);
  Buffer chain(run.context, bytes, MemoryUse::DeviceLocal);
  Buffer result(run.context, sizeof(uint32_t), MemoryUse::DeviceLocal);
  write_buffer(run.context, chain, [&](void* p) {
    auto* words = static_cast<uint32_t*>(p);
    // Random payload around the links, so the nodes are incompressible like other buffers.
    reference::fill_random_words(words, bytes / 4, run.params.seed);
    for (uint32_t i = 0; i < nodes; ++i) words[uint64_t{i} * kWordsPerNode] = next[i];
  });
  const ComputeKernel kernel(run.context, spirv::pointer_chase, {&chain, &result}, {},
                             2 * sizeof(uint32_t));
  const uint32_t push[2] = {0, steps};  // start node, steps
  BatchTimer timer(
      run.context, [&](VkCommandBuffer cmd) { kernel.record(cmd, push, 1); },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  run.result.size_bytes = bytes;
  run.result.work_items = 1;
  run.result.work_per_iteration = steps;  // dependent loads per launch
  if (const gp_status s = collect(run, timer); s != GP_OK) return s;

  uint32_t reached = 0;
  read_buffer(run.context, result,
              [&](const void* p) { std::memcpy(&reached, p, sizeof reached); });
  const uint32_t expected = reference::chase(next, 0, steps);
  if (reached == expected)
    verification_passed(run);
  else
    verification_failed(run, "chase ended at node " + std::to_string(reached) + ", expected " +
                                 std::to_string(expected));
  return GP_OK;
}

gp_status run_launch_latency(KernelRun& run) {
  Buffer counter(run.context, sizeof(uint32_t), MemoryUse::DeviceLocal);
  write_buffer(run.context, counter, [](void* p) { std::memset(p, 0, sizeof(uint32_t)); });
  const ComputeKernel kernel(run.context, spirv::launch_latency, {&counter}, {}, 0);

  // One command buffer with one dispatch, submitted and waited for once per launch: the
  // round trip an application pays for a dependent kernel.
  CommandPool pool = run.context.create_command_pool();
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  allocate_command_buffers(run.context.device(), pool.get(), &cmd, 1);
  VkCommandBufferBeginInfo begin{};
  begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
  memory_barrier(cmd, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT,
                 VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  kernel.record(cmd, nullptr, 1);
  memory_barrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_HOST_BIT);
  check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");

  uint64_t launches = 0;
  run.result.size_bytes = 0;
  run.result.work_items = 1;
  run.result.work_per_iteration = 1;  // one launch
  run.result.timer = GP_TIMER_HOST;
  const gp_status status = plugin::collect_samples(&run.params, &run.result, [&](uint32_t n) {
    const auto start = std::chrono::steady_clock::now();
    for (uint32_t i = 0; i < n; ++i) run.context.submit_and_wait(&cmd, 1);
    const auto stop = std::chrono::steady_clock::now();
    launches += n;
    return std::chrono::duration<double>(stop - start).count();
  });
  if (status != GP_OK) return status;

  uint32_t counted = 0;
  read_buffer(run.context, counter,
              [&](const void* p) { std::memcpy(&counted, p, sizeof counted); });
  if (counted == static_cast<uint32_t>(launches))
    verification_passed(run);
  else
    verification_failed(run, "the kernel ran " + std::to_string(counted) + " times for " +
                                 std::to_string(launches) + " launches");
  return GP_OK;
}

// Vulkan cannot stamp the moment a dispatch starts (a TOP_OF_PIPE timestamp may be written
// before earlier work ends), so the gap is measured as the per-dispatch device cost of empty
// dispatches: n + 1 of them separated by compute-to-compute barriers, a BOTTOM_OF_PIPE
// timestamp after the first and after the last, gap = (t_last - t_first) / n. That is the
// barrier, the gap and the (empty) dispatch itself, so it bounds the pure gap from above.
gp_status run_launch_gap(KernelRun& run) {
  Buffer counter(run.context, sizeof(uint32_t), MemoryUse::DeviceLocal);
  write_buffer(run.context, counter, [](void* p) { std::memset(p, 0, sizeof(uint32_t)); });
  const ComputeKernel kernel(run.context, spirv::launch_latency, {&counter}, {}, 0);
  BatchTimer timer(
      run.context, [&](VkCommandBuffer cmd) { kernel.record(cmd, nullptr, 1); },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, BatchStart::AfterFirst);
  // check_support refuses devices without timestamps; this catches any path it missed,
  // since a host-clock figure would be a different quantity (submit + wait).
  if (timer.timer() != GP_TIMER_DEVICE)
    return plugin::fail(GP_ERR_UNSUPPORTED,
                        "launch_gap needs device timestamps: " + timer.fallback_reason());

  uint64_t launches = 0;
  run.result.size_bytes = 0;
  run.result.work_items = 1;
  run.result.work_per_iteration = 1;  // one gap: one dispatch after the first
  run.result.timer = GP_TIMER_DEVICE;
  plugin::append_note(&run.result,
                      "gap = (t_last - t_first) / n over n + 1 empty dispatches with barriers: "
                      "per-dispatch device cost, gap included");
  const gp_status status = plugin::collect_samples(&run.params, &run.result, [&](uint32_t n) {
    launches += uint64_t{n} + 1;
    return timer.seconds(n);
  });
  if (status != GP_OK) return status;

  uint32_t counted = 0;
  read_buffer(run.context, counter,
              [&](const void* p) { std::memcpy(&counted, p, sizeof counted); });
  if (counted == static_cast<uint32_t>(launches))
    verification_passed(run);
  else
    verification_failed(run, "the kernel ran " + std::to_string(counted) + " times for " +
                                 std::to_string(launches) + " launches");
  return GP_OK;
}

}  // namespace gpuprobe::vk
