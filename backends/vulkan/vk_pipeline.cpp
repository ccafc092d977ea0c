#include "vk_pipeline.hpp"

#include <string>

#include "kit/fault.hpp"
#include "vk_error.hpp"

namespace gpuprobe::vk {

ComputeKernel::ComputeKernel(const Context& context, const SpirvModule& module,
                             std::initializer_list<BufferView> buffers,
                             const std::vector<uint32_t>& spec_constants,
                             uint32_t push_constant_bytes)
    : push_bytes_(push_constant_bytes) {
  const VkDevice device = context.device();
  const uint32_t binding_count = static_cast<uint32_t>(buffers.size());

  std::vector<VkDescriptorSetLayoutBinding> bindings(binding_count);
  for (uint32_t i = 0; i < binding_count; ++i) {
    bindings[i].binding = i;
    bindings[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    bindings[i].descriptorCount = 1;
    bindings[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
  }
  VkDescriptorSetLayoutCreateInfo set_info{};
  set_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
  set_info.bindingCount = binding_count;
  set_info.pBindings = bindings.data();
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  check(vkCreateDescriptorSetLayout(device, &set_info, nullptr, &set_layout),
        "vkCreateDescriptorSetLayout");
  set_layout_ = DescriptorSetLayout(device, set_layout);

  VkPushConstantRange push_range{VK_SHADER_STAGE_COMPUTE_BIT, 0, push_constant_bytes};
  VkPipelineLayoutCreateInfo layout_info{};
  layout_info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
  layout_info.setLayoutCount = 1;
  layout_info.pSetLayouts = &set_layout;
  layout_info.pushConstantRangeCount = push_constant_bytes > 0 ? 1 : 0;
  layout_info.pPushConstantRanges = &push_range;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  check(vkCreatePipelineLayout(device, &layout_info, nullptr, &layout), "vkCreatePipelineLayout");
  layout_ = PipelineLayout(device, layout);

  VkShaderModuleCreateInfo module_info{};
  module_info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
  module_info.codeSize = module.word_count * sizeof(uint32_t);
  module_info.pCode = module.words;
  VkShaderModule shader_handle = VK_NULL_HANDLE;
  check(vkCreateShaderModule(device, &module_info, nullptr, &shader_handle),
        "vkCreateShaderModule");
  const ShaderModule shader(device, shader_handle);  // only needed until the pipeline exists

  // Constants 0..N-1, then GP_FAULT (an id a shader does not declare is ignored).
  std::vector<uint32_t> values = spec_constants;
  std::vector<VkSpecializationMapEntry> entries(spec_constants.size());
  for (uint32_t i = 0; i < entries.size(); ++i)
    entries[i] = {i, static_cast<uint32_t>(i * sizeof(uint32_t)), sizeof(uint32_t)};
  entries.push_back({kFaultConstantId, static_cast<uint32_t>(values.size() * sizeof(uint32_t)),
                     sizeof(uint32_t)});
  values.push_back(kit::device_fault_code(kit::active_fault()));
  VkSpecializationInfo specialization{};
  specialization.mapEntryCount = static_cast<uint32_t>(entries.size());
  specialization.pMapEntries = entries.data();
  specialization.dataSize = values.size() * sizeof(uint32_t);
  specialization.pData = values.data();

  VkComputePipelineCreateInfo pipeline_info{};
  pipeline_info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
  pipeline_info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  pipeline_info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  pipeline_info.stage.module = shader_handle;
  pipeline_info.stage.pName = "main";
  pipeline_info.stage.pSpecializationInfo = &specialization;
  pipeline_info.layout = layout;
  VkPipeline pipeline = VK_NULL_HANDLE;
  const VkResult created =
      vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &pipeline_info, nullptr, &pipeline);
  if (created != VK_SUCCESS)
    throw VkError(created, std::string("vkCreateComputePipelines(") + module.name +
                               ") failed: " + result_name(created));
  pipeline_ = Pipeline(device, pipeline);

  VkDescriptorPoolSize pool_size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, binding_count};
  VkDescriptorPoolCreateInfo pool_info{};
  pool_info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
  pool_info.maxSets = 1;
  pool_info.poolSizeCount = 1;
  pool_info.pPoolSizes = &pool_size;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  check(vkCreateDescriptorPool(device, &pool_info, nullptr, &pool), "vkCreateDescriptorPool");
  pool_ = DescriptorPool(device, pool);

  VkDescriptorSetAllocateInfo allocate{};
  allocate.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
  allocate.descriptorPool = pool;
  allocate.descriptorSetCount = 1;
  allocate.pSetLayouts = &set_layout;
  check(vkAllocateDescriptorSets(device, &allocate, &set_), "vkAllocateDescriptorSets");

  std::vector<VkDescriptorBufferInfo> infos;
  infos.reserve(binding_count);
  for (const BufferView& view : buffers)
    infos.push_back({view.buffer->get(), view.offset, view.range});
  std::vector<VkWriteDescriptorSet> writes(binding_count);
  for (uint32_t i = 0; i < binding_count; ++i) {
    writes[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
    writes[i].dstSet = set_;
    writes[i].dstBinding = i;
    writes[i].descriptorCount = 1;
    writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[i].pBufferInfo = &infos[i];
  }
  vkUpdateDescriptorSets(device, binding_count, writes.data(), 0, nullptr);
}

void ComputeKernel::record(VkCommandBuffer cmd, const void* push, uint32_t groups_x,
                           uint32_t groups_y) const {
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_.get());
  VkDescriptorSet set = set_;
  vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout_.get(), 0, 1, &set, 0,
                          nullptr);
  if (push_bytes_ > 0)
    vkCmdPushConstants(cmd, layout_.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, push_bytes_, push);
  vkCmdDispatch(cmd, groups_x, groups_y, 1);
}

}  // namespace gpuprobe::vk
