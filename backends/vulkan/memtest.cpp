#include "memtest.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "kernel_common.hpp"
#include "kit/memtest.hpp"
#include "vk_buffer.hpp"
#include "vk_pipeline.hpp"

namespace gpuprobe::vk {
namespace {

// Invocations per dispatch: enough for any GPU, and with them a 4 GiB chunk needs 1024
// strides per invocation, far below lavapipe's 65535 loop iterations.
constexpr uint32_t kMaxInvocations = 1u << 20;

struct Push {
  uint32_t n, code, base, salt, xor_mask, mode, invocations, capacity, flip_word, flip_mask;
};
enum Mode : uint32_t { kFill = 0, kVerify = 1, kVerifyComplement = 2, kFlip = 3 };

class VulkanMemtestDevice : public kit::MemtestDevice {
 public:
  explicit VulkanMemtestDevice(Context& context)
      : context_(context),
        group_size_(workgroup_size(context.physical())),
        status_(context, 8 + uint64_t{12} * kit::kMemtestDeviceRecords, MemoryUse::Readback) {}

  bool allocate_chunk(uint64_t bytes) override {
    try {
      auto chunk = std::make_unique<Chunk>(Buffer(context_, bytes, MemoryUse::DeviceLocal));
      chunk->kernel = std::make_unique<ComputeKernel>(
          context_, spirv::memtest, std::initializer_list<BufferView>{&chunk->buffer, &status_},
          std::vector<uint32_t>{group_size_}, static_cast<uint32_t>(sizeof(Push)));
      chunks_.push_back(std::move(chunk));
      return true;
    } catch (const plugin::Error& e) {
      if (e.status == GP_ERR_OUT_OF_MEMORY) return false;
      throw;
    }
  }

  void fill(size_t c, const kit::MemtestSweep& s, uint32_t base) override {
    dispatch(c, push_for(c, s, base, kFill));
  }

  kit::MemtestVerifyOutcome verify(size_t c, const kit::MemtestSweep& s, uint32_t base) override {
    fill_words(context_, status_, 0);
    dispatch(c, push_for(c, s, base, s.write_complement ? kVerifyComplement : kVerify));
    kit::MemtestVerifyOutcome out;
    read_buffer(context_, status_, [&](const void* data) {
      const auto* status = static_cast<const uint32_t*>(data);
      out.errors = status[0];
      const uint32_t recorded = std::min(status[0], kit::kMemtestDeviceRecords);
      for (uint32_t r = 0; r < recorded; ++r)
        out.failures.push_back({status[2 + 3 * r], status[3 + 3 * r], status[4 + 3 * r]});
    });
    return out;
  }

  // A one-invocation dispatch xors the mask in device memory, which the host may not see.
  void flip(size_t c, uint64_t word, uint32_t mask) override {
    Push p = push_for(c, {}, 0, kFlip);
    p.flip_word = static_cast<uint32_t>(word);
    p.flip_mask = mask;
    dispatch(c, p, 1);
  }

 private:
  struct Chunk {
    explicit Chunk(Buffer b) : buffer(std::move(b)) {}
    Buffer buffer;
    std::unique_ptr<ComputeKernel> kernel;
  };

  Push push_for(size_t c, const kit::MemtestSweep& s, uint32_t base, Mode mode) const {
    const uint32_t n = static_cast<uint32_t>(chunks_[c]->buffer.size() / 4);
    return {n, s.code, base, s.salt, s.expect_xor, mode, invocations(n), kit::kMemtestDeviceRecords,
            0, 0};
  }
  uint32_t groups(uint32_t n) const {
    const uint32_t max_groups = context_.physical().properties.limits.maxComputeWorkGroupCount[0];
    const uint32_t wanted = (std::min(n, kMaxInvocations) + group_size_ - 1) / group_size_;
    return std::max(1u, std::min(wanted, max_groups));
  }
  uint32_t invocations(uint32_t n) const { return groups(n) * group_size_; }

  void dispatch(size_t c, const Push& push, uint32_t group_count = 0) {
    const uint32_t g = group_count ? group_count : groups(push.n);
    context_.run_once([&](VkCommandBuffer cmd) {
      memory_barrier(cmd, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT, kDeviceStages);
      chunks_[c]->kernel->record(cmd, &push, g);
      memory_barrier(cmd, kDeviceStages, kDeviceStages | VK_PIPELINE_STAGE_HOST_BIT);
    });
  }

  Context& context_;
  uint32_t group_size_;
  Buffer status_;
  std::vector<std::unique_ptr<Chunk>> chunks_;
};

// The largest device-local heap: where DeviceLocal buffers live.
uint64_t device_local_bytes(const PhysicalDevice& physical) {
  uint64_t largest = 0;
  for (uint32_t h = 0; h < physical.memory.memoryHeapCount; ++h)
    if (physical.memory.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
      largest = std::max<uint64_t>(largest, physical.memory.memoryHeaps[h].size);
  return largest;
}

}  // namespace

void run_memtest(Context& context, const gp_memtest_params& params, gp_memtest_result& result) {
  const PhysicalDevice& physical = context.physical();
  kit::MemtestMemory memory;
  memory.total_bytes = device_local_bytes(physical);
  const uint64_t range = physical.properties.limits.maxStorageBufferRange;
  memory.max_chunk_bytes = physical.max_memory_allocation_size
                               ? std::min(range, physical.max_memory_allocation_size)
                               : range;
  memory.host_memory = physical.properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  VulkanMemtestDevice device(context);
  kit::run_memtest(device, memory, params, result);
}

}  // namespace gpuprobe::vk
