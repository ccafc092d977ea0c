#include "app/screenshot.hpp"

#include <imgui.h>
#include <stb_image_write.h>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

namespace gpuprobe::gui {

std::string write_png(const std::string& path, ScreenRect rect) {
  const ImGuiIO& io = ImGui::GetIO();
  // ImGui works in window coordinates; the framebuffer may be larger (HiDPI).
  const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
  const int fb_w = int(io.DisplaySize.x * sx), fb_h = int(io.DisplaySize.y * sy);
  if (rect.x1 <= rect.x0 || rect.y1 <= rect.y0) rect = {0, 0, io.DisplaySize.x, io.DisplaySize.y};
  const int x0 = std::clamp(int(std::floor(rect.x0 * sx)), 0, fb_w),
            x1 = std::clamp(int(std::ceil(rect.x1 * sx)), 0, fb_w);
  const int y0 = std::clamp(int(std::floor(rect.y0 * sy)), 0, fb_h),
            y1 = std::clamp(int(std::ceil(rect.y1 * sy)), 0, fb_h);
  const int w = x1 - x0, h = y1 - y0;
  if (w <= 0 || h <= 0) return "nothing to capture for '" + path + "' (the area is off screen)";

  std::vector<unsigned char> pixels(size_t(w) * size_t(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  // OpenGL's origin is bottom-left.
  glReadPixels(x0, fb_h - y1, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (const GLenum err = glGetError(); err != GL_NO_ERROR)
    return "glReadPixels failed (GL error " + std::to_string(err) + ") for '" + path + "'";

  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3))
    return "cannot write PNG '" + path + "'";
  return {};
}

}  // namespace gpuprobe::gui
