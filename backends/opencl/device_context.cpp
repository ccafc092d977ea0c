#include "device_context.hpp"

#include <cstring>
#include <vector>

#include "cl_error.hpp"
#include "gpuprobe/utf8.hpp"
#include "kernel_sources.hpp"
#include "kit/fault.hpp"

namespace gpuprobe::opencl {
namespace {

// Enough of a build log to see the first errors without flooding a result file.
constexpr size_t kMaxBuildLogBytes = 1500;

std::string build_log(cl_program program, cl_device_id device) {
  size_t bytes = 0;
  if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, nullptr, &bytes) !=
          CL_SUCCESS ||
      bytes == 0)
    return "(no build log)";
  std::vector<char> log(bytes);
  clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, bytes, log.data(), nullptr);
  // Up to the first NUL, never past the buffer (a driver may not terminate it).
  std::string text(log.data(), strnlen(log.data(), log.size()));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  // Cut between characters: a log in the user's language is multi-byte text.
  if (text.size() > kMaxBuildLogBytes)
    text = utf8_truncate(text, kMaxBuildLogBytes) + " [log truncated]";
  return text.empty() ? "(empty build log)" : text;
}

}  // namespace

DeviceContext::DeviceContext(cl_platform_id platform, cl_device_id device)
    : platform_(platform), device_(device), caps_(query_caps(device)) {}

const plugin::InfoList& DeviceContext::info() {
  if (!info_) {
    auto info = std::make_unique<plugin::InfoList>();
    describe_device(platform_, device_, caps_, *info);
    info_ = std::move(info);
  }
  return *info_;
}

void DeviceContext::open() {
  if (context_) return;
  cl_int err = CL_SUCCESS;
  const cl_context_properties props[] = {CL_CONTEXT_PLATFORM,
                                         reinterpret_cast<cl_context_properties>(platform_), 0};
  Context context(clCreateContext(props, 1, &device_, nullptr, nullptr, &err));
  check(err, "clCreateContext(" + caps_.name + ")");
  // In order and with profiling: batches time END(last) - START(first) of their launches.
  Queue queue;
  if (caps_.at_least(2, 0)) {
    const cl_queue_properties qprops[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE, 0};
    queue = Queue(clCreateCommandQueueWithProperties(context.get(), device_, qprops, &err));
  } else {
    queue = Queue(clCreateCommandQueue(context.get(), device_, CL_QUEUE_PROFILING_ENABLE, &err));
  }
  check(err, "clCreateCommandQueue(" + caps_.name + ")");
  context_ = std::move(context);
  queue_ = std::move(queue);
}

cl_context DeviceContext::context() {
  open();
  return context_.get();
}

cl_command_queue DeviceContext::queue() {
  open();
  return queue_.get();
}

cl_program DeviceContext::program(const std::string& source, const std::string& options) {
  const auto key = std::make_pair(source, options);
  if (auto it = programs_.find(key); it != programs_.end()) return it->second.get();
  const std::string text = kernel_source(source);
  const char* text_ptr = text.c_str();
  cl_int err = CL_SUCCESS;
  Program program(clCreateProgramWithSource(context(), 1, &text_ptr, nullptr, &err));
  check(err, "clCreateProgramWithSource(" + source + ".cl)");
  err = clBuildProgram(program.get(), 1, &device_, options.c_str(), nullptr, nullptr);
  if (err != CL_SUCCESS)
    throw plugin::Error(GP_ERR_DEVICE, "building " + source + ".cl (" + options + ") for " +
                                           caps_.name + " failed: " + error_name(err) +
                                           "; build log: " + build_log(program.get(), device_));
  return programs_.emplace(key, std::move(program)).first->second.get();
}

Kernel DeviceContext::kernel(const std::string& source, const std::string& options,
                             const char* entry) {
  // The fault switch reaches the device as a build option, so the cache keeps a separate
  // program per fault and an unbroken run never reuses a broken kernel.
  const std::string with_fault =
      options + " -D GP_FAULT=" + std::to_string(kit::device_fault_code(kit::active_fault()));
  cl_int err = CL_SUCCESS;
  Kernel kernel(clCreateKernel(program(source, with_fault), entry, &err));
  check(err, std::string("clCreateKernel(") + entry + " in " + source + ".cl)");
  return kernel;
}

}  // namespace gpuprobe::opencl
