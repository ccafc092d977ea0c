// Latency kernels: pointer_chase (dependent loads through a Sattolo cycle; shader
// pointer_chase.comp, continuing across launches from a position kept on the device),
// launch_latency (submit one dispatch, wait for its fence, repeat; shader
// launch_latency.comp) and launch_gap (the same empty dispatch back to back in one command
// buffer, timed between device timestamps). The launch kernels store their key in a marker.
#include <algorithm>
#include <chrono>
#include <cstring>

#include "gpuprobe/plugin_support.hpp"
#include "kernel_common.hpp"
#include "kit/chase.hpp"
#include "kit/checks.hpp"
#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_error.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

constexpr uint64_t kNodeBytes = 64;  // one node per cache line
constexpr uint32_t kWordsPerNode = kNodeBytes / sizeof(uint32_t);
// Steps per launch (kit::chase_steps_per_launch): at least 64 Ki so a launch is long
// against its own overhead, at most 512 Ki so a launch stays around 0.1 s even at GPU DRAM
// latency; 512 Ki steps are 16 Ki unrolled loop iterations, under lavapipe's 65535.
constexpr uint64_t kMinSteps = uint64_t{1} << 16;
constexpr uint64_t kMaxSteps = uint64_t{1} << 19;

uint32_t read_word(Context& context, const Buffer& buffer, size_t index = 0) {
  uint32_t word = 0;
  read_buffer(context, buffer, [&](const void* p) {
    std::memcpy(&word, static_cast<const uint32_t*>(p) + index, sizeof word);
  });
  return word;
}

// The marker against the last launch's key.
void check_marker(KernelRun& run, uint32_t marker) {
  kit::begin_checks(run.result);
  if (marker != run.ledger.last_key)
    kit::fail_check(run.result, "marker is " + std::to_string(marker) + ", expected the last key " +
                                    std::to_string(run.ledger.last_key));
}

gp_status run_pointer_chase(KernelRun& run) {
  uint64_t bytes = std::max(run.params.size_bytes, 2 * kNodeBytes);  // a cycle needs 2 nodes
  bytes = clamp_working_set(run, bytes, 1, Binding::Storage, kNodeBytes);
  const uint32_t nodes = static_cast<uint32_t>(bytes / kNodeBytes);
  const uint64_t steps = kit::chase_steps_per_launch(nodes, kMinSteps, kMaxSteps);

  const kit::ChaseCycle cycle(nodes, run.params.seed);
  Buffer chain(run.context, bytes, MemoryUse::DeviceLocal);
  Buffer position(run.context, kit::kChaseStateWords * sizeof(uint32_t), MemoryUse::DeviceLocal);
  write_buffer(run.context, chain, [&](void* p) {
    cycle.write_nodes(static_cast<uint32_t*>(p), kWordsPerNode, run.params.seed);
  });
  fill_words(run.context, position, 0);  // the chase starts at node 0
  const ComputeKernel kernel(run.context, spirv::pointer_chase, {&chain, &position}, {},
                             sizeof(uint32_t));
  const uint32_t push = static_cast<uint32_t>(steps);
  BatchTimer timer(
      run.context, [&](VkCommandBuffer cmd, uint32_t) { kernel.record(cmd, &push, 1); },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  run.result.size_bytes = bytes;
  run.result.work_items = 1;
  run.result.work_per_iteration = double(steps);  // dependent loads per launch
  // The position must stay a node index, so nothing is poisoned: it continues from the
  // warm-up, and the expected end counts every launch.
  if (const gp_status s = collect(run, timer, [] {}); s != GP_OK) return s;

  const uint32_t reached = read_word(run.context, position, 0);
  const uint32_t tally = read_word(run.context, position, 1);
  kit::check_chase_end(run.result, reached, tally, cycle, run.ledger, steps, run.params);
  return GP_OK;
}

// The empty kernel with its marker, the host-written key base and the launch tally.
struct EmptyLaunch {
  explicit EmptyLaunch(Context& context)
      : marker(context, sizeof(uint32_t), MemoryUse::DeviceLocal),
        key_base(context, sizeof(uint32_t), MemoryUse::Upload),
        tally(context),
        kernel(context, spirv::launch_latency, {&marker, &key_base, &tally.word}, {},
               sizeof(uint32_t)) {
    set_key_base(0);
  }
  void set_key_base(uint32_t key) {
    std::memcpy(key_base.mapped(), &key, sizeof key);
    key_base.flush_host_writes();
  }
  void poison(Context& context) const {
    fill_words(context, marker, kit::kPoisonWord);
    tally.reset(context);
  }
  Buffer marker;
  Buffer key_base;
  LaunchTally tally;
  ComputeKernel kernel;
};

gp_status run_launch_latency(KernelRun& run) {
  EmptyLaunch empty(run.context);
  // One command buffer with one dispatch, submitted and waited for once per launch: the
  // round trip an application pays for a dependent kernel. The key travels in key_base,
  // written before the submit, so the recording never changes.
  CommandPool pool = run.context.create_command_pool();
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  allocate_command_buffers(run.context.device(), pool.get(), &cmd, 1);
  VkCommandBufferBeginInfo begin{};
  begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
  check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
  memory_barrier(cmd, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT,
                 VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  const uint32_t no_offset = 0;
  empty.kernel.record(cmd, &no_offset, 1);
  memory_barrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_HOST_BIT);
  check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");

  run.result.size_bytes = 0;
  run.result.work_items = 1;
  run.result.work_per_iteration = 1;  // one launch
  run.result.timer = GP_TIMER_HOST;
  const auto poison = [&] { empty.poison(run.context); };
  const gp_status status = kit::collect_samples(
      run.params, run.result, run.ledger, poison, [&](const kit::BatchPlan& plan) {
        const auto start = std::chrono::steady_clock::now();
        for (uint32_t i = 0; i < plan.count; ++i) {
          if (!plan.issues(i)) continue;
          empty.set_key_base(plan.key(i));
          run.context.submit_and_wait(&cmd, 1);
        }
        const auto stop = std::chrono::steady_clock::now();
        return std::chrono::duration<double>(stop - start).count();
      });
  if (status != GP_OK) return status;
  check_marker(run, read_word(run.context, empty.marker));
  empty.tally.check(run);
  return GP_OK;
}

// Vulkan cannot stamp the moment a dispatch starts (a TOP_OF_PIPE timestamp may be written
// before earlier work ends), so the gap is measured as the per-dispatch device cost of empty
// dispatches: n + 1 of them separated by compute-to-compute barriers, a BOTTOM_OF_PIPE
// timestamp after the first and after the last, gap = (t_last - t_first) / n. That is the
// barrier, the gap and the (empty) dispatch itself, so it bounds the pure gap from above.
gp_status run_launch_gap(KernelRun& run) {
  EmptyLaunch empty(run.context);
  BatchTimer timer(
      run.context, [&](VkCommandBuffer cmd, uint32_t key) { empty.kernel.record(cmd, &key, 1); },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, BatchStart::AfterFirst);
  // check_launch_gap refuses devices without timestamps; this catches any path it missed,
  // since a host-clock figure would be a different quantity (submit + wait).
  if (timer.timer() != GP_TIMER_DEVICE)
    return plugin::fail(GP_ERR_UNSUPPORTED,
                        "launch_gap needs device timestamps: " + timer.fallback_reason());

  run.result.size_bytes = 0;
  run.result.work_items = 1;
  run.result.work_per_iteration = 1;  // one gap: one dispatch after the first
  plugin::append_note(&run.result,
                      "gap = (t_last - t_first) / n over n + 1 empty dispatches with barriers: "
                      "per-dispatch device cost, gap included");
  const auto poison = [&] { empty.poison(run.context); };
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;
  check_marker(run, read_word(run.context, empty.marker));
  empty.tally.check(run, timer.timed_leading_launches());  // plus one per batch: AfterFirst
  return GP_OK;
}

void check_launch_gap(const PhysicalDevice& d, const gp_run_params&) {
  // A gap exists only on the device timeline; the host clock has no figure to offer.
  if (host_timer_forced())
    throw plugin::Error(GP_ERR_UNSUPPORTED,
                        "launch_gap needs device timestamps (GPUPROBE_VK_HOST_TIMER forces the "
                        "host clock)");
  if (d.timestamp_valid_bits == 0)
    throw plugin::Error(GP_ERR_UNSUPPORTED,
                        "launch_gap needs device timestamps: the compute queue has none "
                        "(timestampValidBits is 0)");
  if (!d.device_timestamps())
    throw plugin::Error(GP_ERR_UNSUPPORTED,
                        "launch_gap needs device timestamps: timestampComputeAndGraphics is false");
}

}  // namespace

const KernelEntry kernel_POINTER_CHASE{nullptr, run_pointer_chase};
const KernelEntry kernel_LAUNCH_LATENCY{nullptr, run_launch_latency};
const KernelEntry kernel_LAUNCH_GAP{check_launch_gap, run_launch_gap};

}  // namespace gpuprobe::vk
