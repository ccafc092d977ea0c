// The window: GLFW + an OpenGL 3.3 core context + Dear ImGui's GLFW/OpenGL3 backends.
// Owns them in the order they must be torn down. DPI aware: the font size and ImGui's
// style follow the window's content scale, also when it moves to another monitor.
#pragma once

#include <cstdint>
#include <string>

struct GLFWwindow;

namespace gpuprobe::gui {

class Platform {
 public:
  // Throws std::runtime_error when no window can be opened (no display, no GL 3.3).
  // `fit_to_monitor`: a remembered size larger than the primary monitor's work area is
  // shrunk to it (a scripted --size is used as given).
  Platform(int width, int height, const std::string& title, bool fit_to_monitor = false);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  bool should_close() const;
  void set_should_close(bool close);
  // Sleep until an event or `timeout_seconds`, whichever first.
  void wait(double timeout_seconds);
  // Any thread: wake a wait() (the Session's worker calls this after each point).
  static void wake();
  // How many input events (keys, mouse, focus, resize, expose) the window has seen so far:
  // during a run the window draws only when this (or the run's progress) moves.
  static uint64_t input_events();

  // Rebuilds fonts first if the content scale changed. `hide_mouse`: scripted screenshots
  // must not show hover effects from wherever the (virtual) pointer happens to be.
  void begin_frame(bool hide_mouse = false);
  void render();   // draw ImGui's frame into the back buffer (before any read-back)
  void present();  // swap buffers

  void window_size(int& width, int& height) const;
  float content_scale() const { return scale_; }
  const std::string& font_name() const { return font_name_; }
  // GL_RENDERER: "llvmpipe (LLVM 15.0.6, 256 bits)", "NVIDIA GeForce RTX 4090/PCIe/SSE2".
  const std::string& renderer() const { return renderer_; }

 private:
  void apply_scale(float scale);
  void release();  // undo whatever the constructor got done, in reverse order
  GLFWwindow* window_ = nullptr;
  float scale_ = 1.0f;
  std::string font_name_;
  std::string renderer_;
  bool glfw_ready_ = false, imgui_glfw_ = false, imgui_gl_ = false;
};

}  // namespace gpuprobe::gui
