#include "app/platform.hpp"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <dlfcn.h>
#include <link.h>

#include <atomic>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "model/window_size.hpp"

namespace gpuprobe::gui {
namespace {

// Set by GLFW's callback, applied at the next frame: fonts cannot be rebuilt mid-frame.
std::atomic<float> g_pending_scale{0.0f};
// wake() may be called by the Session's worker; it must not touch GLFW once it is gone.
std::atomic<bool> g_glfw_alive{false};

void on_glfw_error(int code, const char* message) {
  std::fprintf(stderr, "gpuprobe-gui: GLFW error %d: %s\n", code, message);
}

void on_content_scale(GLFWwindow*, float xscale, float) { g_pending_scale = xscale; }

// Bumped by every input callback. Installed before ImGui's backend, which chains to them.
std::atomic<uint64_t> g_input_events{0};
void count_input() { g_input_events.fetch_add(1, std::memory_order_relaxed); }

void count_input_callbacks(GLFWwindow* w) {
  glfwSetKeyCallback(w, [](GLFWwindow*, int, int, int, int) { count_input(); });
  glfwSetCharCallback(w, [](GLFWwindow*, unsigned) { count_input(); });
  glfwSetMouseButtonCallback(w, [](GLFWwindow*, int, int, int) { count_input(); });
  glfwSetCursorPosCallback(w, [](GLFWwindow*, double, double) { count_input(); });
  glfwSetCursorEnterCallback(w, [](GLFWwindow*, int) { count_input(); });
  glfwSetScrollCallback(w, [](GLFWwindow*, double, double) { count_input(); });
  glfwSetWindowFocusCallback(w, [](GLFWwindow*, int) { count_input(); });
  glfwSetWindowSizeCallback(w, [](GLFWwindow*, int, int) { count_input(); });
  glfwSetWindowRefreshCallback(w, [](GLFWwindow*) { count_input(); });
  glfwSetWindowCloseCallback(w, [](GLFWwindow*) { count_input(); });
}

// Keeps Mesa's DRI driver (.../dri/*_dri.so, loaded by the context) mapped until exit. Mesa
// frees some allocations held in the driver's globals neither at context destruction nor at
// unload, so glfwTerminate's dlclose turns them into leaks that LeakSanitizer cannot even name
// (their frames' module is gone). Loaded, they stay reachable, as any library's memory at exit.
// Costs nothing: the window closes only when the GUI exits.
void keep_gl_driver_loaded() {
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void*) {
        const std::string path = info->dlpi_name ? info->dlpi_name : "";
        const std::string suffix = "_dri.so";
        if (path.find("/dri/") != std::string::npos && path.size() > suffix.size() &&
            path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
          (void)dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);  // never closed
        return 0;
      },
      nullptr);
}

// A proportional font reads better than ImGui's built-in bitmap font, which also does not
// scale cleanly; fall back to it where no TrueType font is installed.
const char* const kFontCandidates[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
};
constexpr float kFontPixels = 15.0f;  // at content scale 1
constexpr float kDefaultFontPixels = 13.0f;

void base_style(ImGuiStyle& style) {
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 0.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.TabRounding = 3.0f;
  style.WindowBorderSize = 0.0f;
  style.CellPadding = ImVec2(6, 3);
  style.ItemSpacing = ImVec2(8, 5);
}

}  // namespace

Platform::Platform(int width, int height, const std::string& title, bool fit_to_monitor) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit())
    throw std::runtime_error("cannot initialise GLFW (is there a display? try xvfb-run)");
  glfw_ready_ = true;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);  // the window grows with the DPI too
  WindowSize bound{0, 0};
  if (GLFWmonitor* monitor = fit_to_monitor ? glfwGetPrimaryMonitor() : nullptr) {
    int x = 0, y = 0;
    glfwGetMonitorWorkarea(monitor, &x, &y, &bound.width, &bound.height);
  }
  const WindowSize size = clamp_window_size({width, height}, bound);
  // Mesa's software OpenGL (llvmpipe) rasterises on threads it creates with the context, at
  // normal priority: they would compete with a run on the CPU however far the window's own
  // thread steps back (thread_priority.hpp). With LP_NUM_THREADS=0 it draws on the calling
  // thread. Set only while the context is made (the workers, and lavapipe in this process
  // with --in-process, start later and keep their threads); a value the user set is kept.
  const bool own_lp_threads = std::getenv("LP_NUM_THREADS") == nullptr;
  if (own_lp_threads) setenv("LP_NUM_THREADS", "0", 1);
  window_ = glfwCreateWindow(size.width, size.height, title.c_str(), nullptr, nullptr);
  if (own_lp_threads) unsetenv("LP_NUM_THREADS");
  if (!window_) {
    glfwTerminate();
    glfw_ready_ = false;
    throw std::runtime_error("cannot open an OpenGL 3.3 window");
  }
  g_glfw_alive = true;
  glfwMakeContextCurrent(window_);
  keep_gl_driver_loaded();
  // Which device draws the window: a run's results on that device are marked.
  if (const auto* text = reinterpret_cast<const char*>(glGetString(GL_RENDERER))) renderer_ = text;
  glfwSwapInterval(1);
  glfwSetWindowContentScaleCallback(window_, on_content_scale);
  count_input_callbacks(window_);

  imgui_glfw_ = ImGui_ImplGlfw_InitForOpenGL(window_, true);
  imgui_gl_ = imgui_glfw_ && ImGui_ImplOpenGL3_Init("#version 330 core");
  if (!imgui_gl_) {
    release();
    throw std::runtime_error("cannot initialise ImGui's GLFW/OpenGL3 backends");
  }
  float xs = 1.0f, ys = 1.0f;
  glfwGetWindowContentScale(window_, &xs, &ys);
  apply_scale(xs > 0 ? xs : 1.0f);
}

Platform::~Platform() { release(); }

void Platform::release() {
  if (imgui_gl_) ImGui_ImplOpenGL3_Shutdown();
  if (imgui_glfw_) ImGui_ImplGlfw_Shutdown();
  imgui_gl_ = imgui_glfw_ = false;
  g_glfw_alive = false;
  if (window_) glfwDestroyWindow(window_);
  window_ = nullptr;
  if (glfw_ready_) glfwTerminate();
  glfw_ready_ = false;
}

void Platform::apply_scale(float scale) {
  scale_ = scale;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  font_name_.clear();
  for (const char* path : kFontCandidates) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    if (io.Fonts->AddFontFromFileTTF(path, std::round(kFontPixels * scale))) {
      font_name_ = path;
      break;
    }
  }
  if (font_name_.empty()) {
    ImFontConfig config;
    config.SizePixels = std::round(kDefaultFontPixels * scale);
    io.Fonts->AddFontDefault(&config);
    font_name_ = "ImGui default";
  }
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();

  ImGuiStyle style;
  base_style(style);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

bool Platform::should_close() const { return glfwWindowShouldClose(window_); }

void Platform::set_should_close(bool close) {
  glfwSetWindowShouldClose(window_, close ? GLFW_TRUE : GLFW_FALSE);
}

void Platform::wait(double timeout_seconds) {
  // GLFW wants a positive timeout; a late frame only collects the events already queued.
  if (timeout_seconds > 0)
    glfwWaitEventsTimeout(timeout_seconds);
  else
    glfwPollEvents();
}

void Platform::wake() {
  if (g_glfw_alive) glfwPostEmptyEvent();
}

uint64_t Platform::input_events() { return g_input_events.load(std::memory_order_relaxed); }

void Platform::begin_frame(bool hide_mouse) {
  if (const float s = g_pending_scale.exchange(0.0f); s > 0 && std::fabs(s - scale_) > 0.01f)
    apply_scale(s);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (hide_mouse) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui::NewFrame();
}

void Platform::render() {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Platform::present() { glfwSwapBuffers(window_); }

void Platform::window_size(int& width, int& height) const {
  glfwGetWindowSize(window_, &width, &height);
}

}  // namespace gpuprobe::gui
