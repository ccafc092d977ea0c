#include "model/window_device.hpp"

#include <cctype>
#include <cstdio>
#include <variant>

namespace gpuprobe::gui {
namespace {

// Lower-case letters and digits only: "GeForce RTX-4090" and "geforcertx4090" match.
std::string squeezed(const std::string& text) {
  std::string out;
  for (unsigned char c : text)
    if (std::isalnum(c)) out += char(std::tolower(c));
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return !needle.empty() && haystack.find(needle) != std::string::npos;
}

}  // namespace

bool renderer_is_software(const std::string& renderer) {
  const std::string r = squeezed(renderer);
  for (const char* name : {"llvmpipe", "softpipe", "swrast", "swiftshader", "lavapipe"})
    if (contains(r, name)) return true;
  return false;
}

bool renderer_shares_device(const std::string& renderer, const DeviceInfo& device) {
  if (renderer.empty()) return false;
  const InfoValue* type = device.find("device_type");
  const auto* type_text = type ? std::get_if<std::string>(&type->value) : nullptr;
  const bool cpu_device = type_text && squeezed(*type_text) == "cpu";
  if (renderer_is_software(renderer)) return cpu_device;
  if (cpu_device) return false;
  // A GPU renderer: "NVIDIA GeForce RTX 4090/PCIe/SSE2", "AMD Radeon RX 7900 XTX (radeonsi,
  // navi31, LLVM 15.0.7, DRM 3.54)". The device's name is usually inside it.
  const std::string r = squeezed(renderer), name = squeezed(device.name);
  return contains(r, name);
}

std::optional<std::string> window_mark(const std::optional<RunOrigin>& origin,
                                       const DeviceInfo& device) {
  if (!origin || origin->front_end != "gui") return std::nullopt;
  const auto& fps = origin->window_frames_per_second;
  const std::string& renderer = origin->renderer;
  if (!fps || !(*fps > 0) || !renderer_shares_device(renderer, device)) return std::nullopt;
  char text[160];
  std::snprintf(text, sizeof text, "%.1f frames/s", *fps);
  return std::string("taken while the window drew ") + text +
         " on this device (renderer: " + renderer + ")";
}

}  // namespace gpuprobe::gui
