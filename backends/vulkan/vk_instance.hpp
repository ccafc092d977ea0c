// The VkInstance (RAII) with optional validation: GPUPROBE_VK_VALIDATION=1 enables
// VK_LAYER_KHRONOS_validation and a debug-utils messenger that counts every validation
// warning and error, so the plugin can fail a run that produced one.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace gpuprobe::vk {

// Validation messages seen so far (thread-safe: the layer may call from any thread).
class ValidationLog {
 public:
  void record(VkDebugUtilsMessageSeverityFlagBitsEXT severity, const char* message);
  // Messages (warnings + errors) recorded so far.
  uint64_t count() const;
  // First message recorded after `since` messages, or "" if none.
  std::string message_after(uint64_t since) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;  // kept short: only the first few are stored
  uint64_t count_ = 0;
};

class Instance {
 public:
  // Throws plugin::Error(GP_ERR_UNAVAILABLE) when no Vulkan driver can be opened.
  explicit Instance(bool validation);
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  VkInstance get() const { return instance_; }
  uint32_t api_version() const { return api_version_; }
  bool validation() const { return messenger_ != VK_NULL_HANDLE; }
  ValidationLog& log() { return log_; }
  std::vector<VkPhysicalDevice> physical_devices() const;

 private:
  VkInstance instance_ = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
  uint32_t api_version_ = VK_API_VERSION_1_1;
  ValidationLog log_;
};

// True when GPUPROBE_VK_VALIDATION is set to something other than "" or "0".
bool validation_requested();

}  // namespace gpuprobe::vk
