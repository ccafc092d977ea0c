// Global-memory streaming kernels: read, write, copy, and latency_hiding (read with an
// exact number of invocations in flight). Shaders: shaders/read.comp, write.comp, copy.comp.
// Verification follows backends/kit/README.md: read and latency_hiding add each launch's sum
// to per-invocation slots; write stores the pattern of the launch's key; copy copies a
// window that moves with the key. Outputs are poisoned before the timed launches.
#include <algorithm>
#include <cstring>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/reference.hpp"
#include "kernel_common.hpp"
#include "kit/checks.hpp"
#include "kit/sizes.hpp"
#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

// Buffers are whole multiples of the widest access (16 words), so every width divides them.
constexpr uint64_t kGranularity = 64;
static_assert(kit::kWindowShiftBytes % kGranularity == 0, "the window moves by whole vectors");

// How a vector width maps onto the shader variants: element type (uint/uvec2/uvec4) and
// elements read back to back per step.
struct Shape {
  uint32_t components;
  uint32_t per_step;
  uint32_t variant;  // index into spirv::read/write/copy
};

Shape shape_for(uint32_t width) {
  // check_vector_width() admits 1, 2, 4, 8 and 16 only.
  if (width <= 4) return {width, 1, width / 2};
  return {4, width / 4, 2};
}

struct StreamPush {
  uint32_t step_count;
  uint32_t invocations;
  uint32_t seed;  // write only: kit::write_seed(run seed, launch key)
};

struct Layout {
  uint64_t bytes;
  uint64_t words;
  Shape shape;
  uint32_t steps;
  uint32_t group_size;
  uint64_t invocations;
  uint32_t groups;
};

// Sizes for one streaming run; `exact_invocations` (latency_hiding) launches exactly
// params.work_items even where that exceeds the number of steps (the extra ones idle).
Layout plan(KernelRun& run, uint32_t buffers, bool exact_invocations) {
  Layout l{};
  l.bytes = clamp_working_set(run, run.params.size_bytes, buffers, Binding::Storage, kGranularity);
  l.shape = shape_for(run.params.vector_width);
  const uint64_t step_bytes = uint64_t{4} * l.shape.components * l.shape.per_step;
  l.group_size = workgroup_size(run.physical());
  uint64_t steps = l.bytes / step_bytes;
  uint64_t invocations = run.params.work_items;
  // Default: 1 Mi invocations, enough to cover every lane of a large GPU several times
  // over while each still streams a few steps. lavapipe also runs fastest at this count:
  // its per-iteration loop overhead is large, so many short invocations beat few long ones.
  if (invocations == 0) invocations = uint64_t{1} << 20;
  if (!exact_invocations) invocations = std::min<uint64_t>(invocations, steps);
  invocations = clamp_invocations(run, std::max<uint64_t>(1, invocations), l.group_size);

  // Keep every invocation's loop under the driver's iteration cap (lavapipe): more
  // invocations where the count is ours to choose, else a smaller buffer.
  const uint64_t cap = run.physical().max_loop_iterations;
  if ((steps + invocations - 1) / invocations > cap) {
    if (!exact_invocations) {
      invocations = clamp_invocations(run, (steps + cap - 1) / cap, l.group_size);
      plugin::append_note(&run.result, "work-items raised to " + std::to_string(invocations) +
                                           ": the driver ends an invocation after " +
                                           std::to_string(cap) + " loop iterations");
    }
    if ((steps + invocations - 1) / invocations > cap) {
      steps = invocations * cap;
      run.result.adjustments |= GP_ADJUST_CLAMPED;
      plugin::append_note(&run.result, "size clamped to " + kit::format_bytes(steps * step_bytes) +
                                           ": the driver ends an invocation after " +
                                           std::to_string(cap) + " loop iterations");
    }
  }
  l.steps = static_cast<uint32_t>(steps);
  l.bytes = steps * step_bytes;
  l.words = l.bytes / 4;
  l.invocations = invocations;
  l.groups = static_cast<uint32_t>((l.invocations + l.group_size - 1) / l.group_size);
  return l;
}

void describe(KernelRun& run, const Layout& l, double work) {
  run.result.size_bytes = l.bytes;
  run.result.work_items = l.invocations;
  run.result.work_per_iteration = work;
}

gp_status run_read_kernel(KernelRun& run, bool exact_invocations) {
  const Layout l = plan(run, 1, exact_invocations);
  Buffer source(run.context, l.bytes, MemoryUse::DeviceLocal);
  Buffer slots(run.context, l.invocations * sizeof(uint32_t), MemoryUse::DeviceLocal);
  write_buffer(run.context, source, [&](void* p) {
    reference::fill_random_words(static_cast<uint32_t*>(p), l.words, run.params.seed);
  });
  const auto poison = [&] { fill_words(run.context, slots, kit::kPoisonWord); };
  poison();  // warm-up launches add to the slots too
  const ComputeKernel kernel(run.context, spirv::read[l.shape.variant], {&source, &slots},
                             {l.group_size, l.shape.per_step}, 2 * sizeof(uint32_t));
  const StreamPush push{l.steps, static_cast<uint32_t>(l.invocations), 0};
  BatchTimer timer(
      run.context, [&](VkCommandBuffer cmd, uint32_t) { kernel.record(cmd, &push, l.groups); },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  describe(run, l, double(l.bytes));
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;

  uint32_t total = 0;
  read_buffer(run.context, slots, [&](const void* p) {
    const auto* words = static_cast<const uint32_t*>(p);
    for (uint64_t i = 0; i < l.invocations; ++i) total += words[i];
  });
  const uint32_t expected = kit::accumulated_total(
      l.invocations, run.timed_launches(), reference::sum_random_words(run.params.seed, l.words));
  kit::begin_checks(run.result);
  if (total != expected)
    kit::fail_check(run.result, "slots of " + std::to_string(l.invocations) +
                                    " invocations sum to " + std::to_string(total) + ", expected " +
                                    std::to_string(expected) + " after " +
                                    std::to_string(run.timed_launches()) + " timed launches");
  return GP_OK;
}

gp_status run_read(KernelRun& run) { return run_read_kernel(run, false); }

gp_status run_latency_hiding(KernelRun& run) { return run_read_kernel(run, true); }

gp_status run_write(KernelRun& run) {
  const Layout l = plan(run, 1, false);
  Buffer destination(run.context, l.bytes, MemoryUse::DeviceLocal);
  const LaunchTally tally(run.context);
  const ComputeKernel kernel(run.context, spirv::write[l.shape.variant],
                             {&destination, &tally.word}, {l.group_size, l.shape.per_step},
                             sizeof(StreamPush));
  BatchTimer timer(
      run.context,
      [&](VkCommandBuffer cmd, uint32_t key) {
        const StreamPush push{l.steps, static_cast<uint32_t>(l.invocations),
                              kit::write_seed(run.params.seed, key)};
        kernel.record(cmd, &push, l.groups);
      },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  describe(run, l, double(l.bytes));
  const auto poison = [&] {
    fill_words(run.context, destination, kit::kPoisonWord);
    tally.reset(run.context);
  };
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;

  const uint32_t seed = kit::write_seed(run.params.seed, run.ledger.last_key);
  kit::begin_checks(run.result);
  tally.check(run);
  read_buffer(run.context, destination, [&](const void* p) {
    kit::check_words(run.result, "destination", static_cast<const uint32_t*>(p), l.words,
                     [&](uint64_t i) { return reference::write_pattern(seed, i); });
  });
  return GP_OK;
}

gp_status run_copy(KernelRun& run) {
  const uint64_t shift = kit::kWindowShiftBytes;
  const Layout l = plan(run, 2, false);
  // The source holds the working set plus the window's shift; each window position is a
  // descriptor range of l.bytes (256 is a multiple of every minStorageBufferOffsetAlignment),
  // so the shader sees a plain source array and the working set keeps its full size.
  Buffer source(run.context, l.bytes + shift, MemoryUse::DeviceLocal);
  Buffer destination(run.context, l.bytes, MemoryUse::DeviceLocal);
  const LaunchTally tally(run.context);
  write_buffer(run.context, source, [&](void* p) {
    reference::fill_random_words(static_cast<uint32_t*>(p), (l.bytes + shift) / 4, run.params.seed);
  });
  const ComputeKernel kernels[2] = {
      {run.context,
       spirv::copy[l.shape.variant],
       {BufferView(&source, kit::window_offset_bytes(0), l.bytes), &destination, &tally.word},
       {l.group_size, l.shape.per_step},
       2 * sizeof(uint32_t)},
      {run.context,
       spirv::copy[l.shape.variant],
       {BufferView(&source, kit::window_offset_bytes(1), l.bytes), &destination, &tally.word},
       {l.group_size, l.shape.per_step},
       2 * sizeof(uint32_t)}};
  const StreamPush push{l.steps, static_cast<uint32_t>(l.invocations), 0};
  BatchTimer timer(
      run.context,
      [&](VkCommandBuffer cmd, uint32_t key) {
        kernels[kit::window_offset_bytes(key) ? 1 : 0].record(cmd, &push, l.groups);
      },
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT);
  describe(run, l, 2.0 * double(l.bytes));  // bytes read + bytes written
  const auto poison = [&] {
    fill_words(run.context, destination, kit::kPoisonWord);
    tally.reset(run.context);
  };
  if (const gp_status s = collect(run, timer, poison); s != GP_OK) return s;

  const uint64_t window_words = kit::window_offset_bytes(run.ledger.last_key) / 4;
  kit::begin_checks(run.result);
  tally.check(run);
  read_buffer(run.context, destination, [&](const void* p) {
    kit::check_words(
        run.result, "destination", static_cast<const uint32_t*>(p), l.words,
        [&](uint64_t i) { return reference::random_word(run.params.seed, i + window_words); });
  });
  return GP_OK;
}

}  // namespace

const KernelEntry kernel_READ{check_vector_width, run_read};
const KernelEntry kernel_LATENCY_HIDING{check_vector_width, run_latency_hiding};
const KernelEntry kernel_WRITE{check_vector_width, run_write};
const KernelEntry kernel_COPY{check_vector_width, run_copy};

}  // namespace gpuprobe::vk
