#include "kernel_sources.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/printable.hpp"

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

void check_kernel_dir() {
  const char* dir = std::getenv("GPUPROBE_OPENCL_KERNEL_DIR");
  if (!dir || !*dir) return;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw plugin::Error(
        GP_ERR_UNAVAILABLE,
        "GPUPROBE_OPENCL_KERNEL_DIR='" + printable(dir) + "' " +
            (std::filesystem::exists(dir, ec) ? "is not a directory" : "does not exist") +
            "; point it at a directory of *.cl files or unset it");
}

std::string kernel_source(const std::string& name) {
  if (const char* dir = std::getenv("GPUPROBE_OPENCL_KERNEL_DIR"); dir && *dir) {
    // A kernel the directory lacks comes from the embedded copies (override one, keep the
    // rest); one it has but that cannot be read is an error naming the file.
    const std::string path = std::string(dir) + "/" + name + ".cl";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      std::ifstream file;
      if (std::filesystem::is_regular_file(path, ec)) file.open(path);  // never a FIFO
      std::ostringstream text;
      if (file) text << file.rdbuf();
      if (!file)
        throw plugin::Error(GP_ERR_DEVICE, "cannot read " + printable(path) +
                                               " (a regular file from GPUPROBE_OPENCL_KERNEL_DIR)");
      return text.str();
    }
  }
  for (const auto& e : kEmbedded)
    if (e.name == name) return e.text;
  throw plugin::Error(GP_ERR_INTERNAL, "no OpenCL kernel source named " + name + ".cl");
}

}  // namespace gpuprobe::opencl
