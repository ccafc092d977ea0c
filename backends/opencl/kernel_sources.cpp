#include "kernel_sources.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include "gpuprobe/plugin_support.hpp"

// Generated into the build tree from every shaders/*.cl (see CMakeLists.txt).
#include "embedded_cl_includes.inc"

namespace gpuprobe::opencl {
namespace {

struct Embedded {
  std::string_view name;
  const char* text;
};

constexpr Embedded kEmbedded[] = {
#include "embedded_cl_table.inc"
};

}  // namespace

std::string kernel_source(const std::string& name) {
  if (const char* dir = std::getenv("GPUPROBE_OPENCL_KERNEL_DIR"); dir && *dir) {
    std::ifstream file(std::string(dir) + "/" + name + ".cl");
    if (file) {
      std::ostringstream text;
      text << file.rdbuf();
      return text.str();
    }
  }
  for (const auto& e : kEmbedded)
    if (e.name == name) return e.text;
  throw plugin::Error(GP_ERR_INTERNAL, "no OpenCL kernel source named " + name + ".cl");
}

}  // namespace gpuprobe::opencl
