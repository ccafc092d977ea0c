#include "kernel_sources.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include "gpuprobe/plugin_support.hpp"

// Generated into the build tree by gpuprobe_embed_text (see CMakeLists.txt).
#include "compute.cl.inc"
#include "copy.cl.inc"
#include "launch_latency.cl.inc"
#include "local_bandwidth.cl.inc"
#include "matmul_naive.cl.inc"
#include "matmul_tiled.cl.inc"
#include "pointer_chase.cl.inc"
#include "read.cl.inc"
#include "write.cl.inc"

namespace gpuprobe::opencl {
namespace {

struct Embedded {
  std::string_view name;
  const char* text;
};

constexpr Embedded kEmbedded[] = {
    {"compute", cl_compute},
    {"copy", cl_copy},
    {"launch_latency", cl_launch_latency},
    {"local_bandwidth", cl_local_bandwidth},
    {"matmul_naive", cl_matmul_naive},
    {"matmul_tiled", cl_matmul_tiled},
    {"pointer_chase", cl_pointer_chase},
    {"read", cl_read},
    {"write", cl_write},
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
