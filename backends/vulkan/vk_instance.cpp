#include "vk_instance.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "gpuprobe/plugin_support.hpp"
#include "vk_error.hpp"

namespace gpuprobe::vk {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";
constexpr size_t kStoredMessages = 8;

VKAPI_ATTR VkBool32 VKAPI_CALL on_validation_message(
    VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT,
    const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
  static_cast<ValidationLog*>(user)->record(severity, data && data->pMessage ? data->pMessage : "");
  return VK_FALSE;  // never abort the call: the plugin reports the message itself
}

VkDebugUtilsMessengerCreateInfoEXT messenger_info(ValidationLog* log) {
  VkDebugUtilsMessengerCreateInfoEXT info{};
  info.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT;
  info.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                         VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
  info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  info.pfnUserCallback = on_validation_message;
  info.pUserData = log;
  return info;
}

bool has_layer(const char* name) {
  uint32_t count = 0;
  if (vkEnumerateInstanceLayerProperties(&count, nullptr) != VK_SUCCESS) return false;
  std::vector<VkLayerProperties> layers(count);
  if (vkEnumerateInstanceLayerProperties(&count, layers.data()) != VK_SUCCESS) return false;
  return std::any_of(layers.begin(), layers.end(), [&](const VkLayerProperties& l) {
    return std::strcmp(l.layerName, name) == 0;
  });
}

std::vector<std::string> instance_extensions(const char* layer) {
  uint32_t count = 0;
  std::vector<std::string> names;
  if (vkEnumerateInstanceExtensionProperties(layer, &count, nullptr) != VK_SUCCESS) return names;
  std::vector<VkExtensionProperties> props(count);
  if (vkEnumerateInstanceExtensionProperties(layer, &count, props.data()) != VK_SUCCESS)
    return names;
  for (const auto& p : props) names.emplace_back(p.extensionName);
  return names;
}

bool contains(const std::vector<std::string>& names, const char* name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

[[noreturn]] void unavailable(std::string reason) {
  throw plugin::Error(GP_ERR_UNAVAILABLE, std::move(reason));
}

}  // namespace

void ValidationLog::record(VkDebugUtilsMessageSeverityFlagBitsEXT severity, const char* message) {
  std::lock_guard lock(mutex_);
  ++count_;
  if (messages_.size() < kStoredMessages) {
    const char* level =
        (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) ? "error" : "warning";
    messages_.push_back(std::string("validation ") + level + ": " + message);
  }
}

uint64_t ValidationLog::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

std::string ValidationLog::message_after(uint64_t since) const {
  std::lock_guard lock(mutex_);
  if (since >= count_) return {};
  if (since < messages_.size()) return messages_[since];
  return "validation message (text dropped after the first " + std::to_string(kStoredMessages) +
         ")";
}

bool validation_requested() {
  const char* value = std::getenv("GPUPROBE_VK_VALIDATION");
  return value != nullptr && value[0] != '\0' && std::strcmp(value, "0") != 0;
}

Instance::Instance(bool validation) {
  // vkEnumerateInstanceVersion exists from loader 1.1 on; the plugin uses 1.1 core queries
  // (properties2, subgroup and maintenance3 properties).
  uint32_t loader_version = VK_API_VERSION_1_0;
  const auto enumerate_version = reinterpret_cast<PFN_vkEnumerateInstanceVersion>(
      vkGetInstanceProcAddr(nullptr, "vkEnumerateInstanceVersion"));
  if (enumerate_version == nullptr || enumerate_version(&loader_version) != VK_SUCCESS ||
      loader_version < VK_API_VERSION_1_1)
    unavailable("the Vulkan loader is older than 1.1");
  api_version_ = std::min<uint32_t>(loader_version, VK_API_VERSION_1_3);

  std::vector<const char*> layers;
  std::vector<const char*> extensions;
  const auto available = instance_extensions(nullptr);
  // MoltenVK and other non-conformant drivers are listed only with portability enumeration.
  VkInstanceCreateFlags flags = 0;
  if (contains(available, VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
    extensions.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
    flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
  }
  VkDebugUtilsMessengerCreateInfoEXT debug_info = messenger_info(&log_);
  if (validation) {
    if (!has_layer(kValidationLayer))
      unavailable(
          "GPUPROBE_VK_VALIDATION is set but VK_LAYER_KHRONOS_validation is not installed "
          "(install vulkan-validationlayers)");
    layers.push_back(kValidationLayer);
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
  }

  VkApplicationInfo app{};
  app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
  app.pApplicationName = "gpuprobe";
  app.pEngineName = "gpuprobe";
  app.apiVersion = api_version_;
  VkInstanceCreateInfo info{};
  info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
  // Chained messenger: also reports problems inside vkCreateInstance/vkDestroyInstance.
  info.pNext = validation ? &debug_info : nullptr;
  info.flags = flags;
  info.pApplicationInfo = &app;
  info.enabledLayerCount = static_cast<uint32_t>(layers.size());
  info.ppEnabledLayerNames = layers.data();
  info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  info.ppEnabledExtensionNames = extensions.data();
  const VkResult created = vkCreateInstance(&info, nullptr, &instance_);
  if (created != VK_SUCCESS) {
    instance_ = VK_NULL_HANDLE;
    std::string reason = std::string("vkCreateInstance failed: ") + result_name(created);
    if (created == VK_ERROR_INCOMPATIBLE_DRIVER)
      reason += " (no Vulkan driver (ICD) found: install one, e.g. mesa-vulkan-drivers)";
    unavailable(reason);
  }

  if (validation) {
    const auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(instance_, "vkCreateDebugUtilsMessengerEXT"));
    if (create == nullptr || create(instance_, &debug_info, nullptr, &messenger_) != VK_SUCCESS) {
      vkDestroyInstance(instance_, nullptr);
      instance_ = VK_NULL_HANDLE;
      unavailable("GPUPROBE_VK_VALIDATION is set but the debug-utils messenger cannot be created");
    }
  }
}

Instance::~Instance() {
  if (messenger_ != VK_NULL_HANDLE) {
    const auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(instance_, "vkDestroyDebugUtilsMessengerEXT"));
    if (destroy) destroy(instance_, messenger_, nullptr);
  }
  if (instance_ != VK_NULL_HANDLE) vkDestroyInstance(instance_, nullptr);
}

std::vector<VkPhysicalDevice> Instance::physical_devices() const {
  uint32_t count = 0;
  check(vkEnumeratePhysicalDevices(instance_, &count, nullptr), "vkEnumeratePhysicalDevices");
  std::vector<VkPhysicalDevice> devices(count);
  VkResult r = vkEnumeratePhysicalDevices(instance_, &count, devices.data());
  if (r != VK_SUCCESS && r != VK_INCOMPLETE) throw_result(r, "vkEnumeratePhysicalDevices");
  devices.resize(count);
  return devices;
}

}  // namespace gpuprobe::vk
