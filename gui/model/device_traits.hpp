// Questions about a device answered from its info keys, each with the evidence (which key
// said so). Keys differ per API (Vulkan's cooperative_matrix_khr, a CUDA backend's
// tensor_cores); the lists below are the one place that maps them to a question.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe::gui {

struct Answer {
  std::optional<bool> value;  // nullopt: no key the backend reported answers the question
  std::string evidence;       // "device info cooperative_matrix_khr = yes"
};

// First key present wins for "yes"; "no" needs every present key to say no. Bool keys
// count as yes/no; integer keys as yes when > 0; non-empty strings as yes.
Answer ask(const DeviceInfo& device, const std::vector<std::string>& keys);

Answer has_tensor_cores(const DeviceInfo& device);
Answer has_fp16(const DeviceInfo& device);
Answer has_bf16(const DeviceInfo& device);

// NVIDIA hardware, by backend, vendor string or PCI vendor id.
bool is_nvidia(const DeviceInfo& device);

}  // namespace gpuprobe::gui
