#include "model/device_traits.hpp"

#include <algorithm>
#include <cctype>

namespace gpuprobe::gui {
namespace {

std::optional<bool> truth(const InfoValue& v) {
  if (auto b = std::get_if<bool>(&v.value)) return *b;
  if (auto i = std::get_if<int64_t>(&v.value)) return *i > 0;
  if (auto d = std::get_if<double>(&v.value)) return *d > 0;
  if (auto s = std::get_if<std::string>(&v.value)) return !s->empty() && *s != "no" && *s != "none";
  return std::nullopt;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

}  // namespace

Answer ask(const DeviceInfo& device, const std::vector<std::string>& keys) {
  Answer no;
  for (const auto& key : keys) {
    const InfoValue* v = device.find(key);
    if (!v) continue;
    const auto t = truth(*v);
    if (!t) continue;
    if (*t) return {true, "device info " + key + " = " + v->to_string()};
    if (!no.value)
      no = {false, "device info " + key + " = " + v->to_string()};
    else
      no.evidence += ", " + key + " = " + v->to_string();
  }
  return no;
}

Answer has_tensor_cores(const DeviceInfo& device) {
  return ask(device,
             {"tensor_cores", "cooperative_matrix_khr", "cooperative_matrix_nv", "matrix_cores"});
}

Answer has_fp16(const DeviceInfo& device) { return ask(device, {"fp16", "shader_float16"}); }

Answer has_bf16(const DeviceInfo& device) {
  return ask(device, {"bf16", "bfloat16", "shader_bfloat16"});
}

bool is_nvidia(const DeviceInfo& device) {
  if (device.backend == "cuda") return true;
  if (auto id = device.find_int("vendor_id"); id && *id == 0x10de) return true;
  for (const char* key : {"vendor", "platform_vendor", "driver_name"})
    if (const InfoValue* v = device.find(key))
      if (auto s = std::get_if<std::string>(&v->value);
          s && lower(*s).find("nvidia") != std::string::npos)
        return true;
  return lower(device.name).find("nvidia") != std::string::npos;
}

}  // namespace gpuprobe::gui
