// A compute kernel ready to dispatch: the pipeline built from embedded SPIR-V with its
// specialization constants, and a descriptor set binding the run's storage buffers (or
// ranges of them) to bindings 0..N-1 in order. Loop counts and sizes that change per run arrive as
// push constants, so one SPIR-V module serves every size.
//
// Every pipeline also gets specialization constant kFaultConstantId (GP_FAULT in the shaders)
// = kit::device_fault_code(kit::active_fault()): 0 normally, 1 (skip_iteration) or 2
// (skip_store) under the test-only fault switch. The compiler folds it away when 0. Pipelines
// are built per run, never cached, so a fault set between runs always takes effect.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "spirv_modules.hpp"
#include "vk_buffer.hpp"
#include "vk_context.hpp"
#include "vk_handles.hpp"

namespace gpuprobe::vk {

// `layout(constant_id = 7) const uint GP_FAULT = 0;` in every shader: no shader may use id 7
// for anything else.
inline constexpr uint32_t kFaultConstantId = 7;

// What one binding sees: a whole buffer, or `range` bytes from `offset` (a multiple of
// minStorageBufferOffsetAlignment, which is at most 256 on every device).
struct BufferView {
  BufferView(const Buffer* b) : buffer(b) {}  // NOLINT(google-explicit-constructor): whole buffer
  BufferView(const Buffer* b, VkDeviceSize offset, VkDeviceSize range)
      : buffer(b), offset(offset), range(range) {}
  const Buffer* buffer;
  VkDeviceSize offset = 0;
  VkDeviceSize range = VK_WHOLE_SIZE;
};

class ComputeKernel {
 public:
  // spec_constants[i] is specialization constant id i (all 32-bit, i < kFaultConstantId).
  ComputeKernel(const Context& context, const SpirvModule& module,
                std::initializer_list<BufferView> buffers,
                const std::vector<uint32_t>& spec_constants, uint32_t push_constant_bytes);

  // Bind, push `push` (push_constant_bytes of it) and dispatch.
  void record(VkCommandBuffer cmd, const void* push, uint32_t groups_x,
              uint32_t groups_y = 1) const;

 private:
  uint32_t push_bytes_;
  DescriptorSetLayout set_layout_;
  PipelineLayout layout_;
  Pipeline pipeline_;
  DescriptorPool pool_;
  VkDescriptorSet set_ = VK_NULL_HANDLE;  // freed with pool_
};

}  // namespace gpuprobe::vk
