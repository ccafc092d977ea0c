// Everything the plugin holds for one device: its capabilities, its info list, and (opened
// on first use, so discovery stays cheap) a context, one in-order profiling queue, and the
// programs built so far.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "cl_handles.hpp"
#include "device_info.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::opencl {

class DeviceContext {
 public:
  DeviceContext(cl_platform_id platform, cl_device_id device);

  const DeviceCaps& caps() const { return caps_; }
  cl_device_id device() const { return device_; }
  const plugin::InfoList& info();

  cl_context context();
  cl_command_queue queue();

  // A kernel from shaders/<source>.cl built with `options` ("-D VEC=4") and
  // -D GP_FAULT=<kit::device_fault_code of the active fault>. Programs are
  // cached per (source, options, fault): PoCL takes seconds to compile one, a GPU driver less,
  // but either would distort a sweep that rebuilt per run. Build failures throw
  // GP_ERR_DEVICE carrying the (truncated) build log.
  Kernel kernel(const std::string& source, const std::string& options, const char* entry);

 private:
  void open();
  cl_program program(const std::string& source, const std::string& options);

  cl_platform_id platform_;
  cl_device_id device_;
  DeviceCaps caps_;
  std::unique_ptr<plugin::InfoList> info_;
  Context context_;
  Queue queue_;
  std::map<std::pair<std::string, std::string>, Program> programs_;
};

}  // namespace gpuprobe::opencl
