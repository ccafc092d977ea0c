// Everything the plugin holds for one CUDA device: its attributes (cudaDeviceGetAttribute,
// not cudaDeviceProp: CUDA 13 removed some of its fields), its info list, one non-blocking
// stream, and small helpers every kernel uses (upload, download, fill, poison, the launch
// tally word, the fault code).
#pragma once

#include <cuda_runtime_api.h>

#include <memory>
#include <string>

#include "device_buffer.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::cuda {

struct DeviceCaps {
  std::string name;
  int major = 0, minor = 0;
  uint32_t sm_count = 1;
  uint32_t max_threads_per_block = 1024;
  uint64_t shared_per_block = 48 * 1024;
  uint64_t global_mem_bytes = 0;
  std::string unsupported;  // "" when this build runs on the card (arch_table.hpp)
};

class DeviceContext {
 public:
  explicit DeviceContext(int ordinal);
  ~DeviceContext();
  DeviceContext(const DeviceContext&) = delete;
  DeviceContext& operator=(const DeviceContext&) = delete;

  const DeviceCaps& caps() const { return caps_; }
  const plugin::InfoList& info();
  // "00000000:01:00.0" (domain:bus:device.function, as NVML names devices); "" if unknown.
  std::string pci_address() const;
  // Makes the device current on the calling thread and returns its stream (created on
  // first use, so listing devices never creates a context).
  cudaStream_t stream();
  void synchronize();

  void upload(void* device, const void* host, uint64_t bytes);
  void download(void* host, const void* device, uint64_t bytes);
  // `bytes` of `pattern` (4 bytes) repeated.
  void fill_words(void* device, uint32_t pattern, uint64_t bytes);

 private:
  int ordinal_;
  DeviceCaps caps_;
  std::unique_ptr<plugin::InfoList> info_;
  cudaStream_t stream_ = nullptr;
};

// The launch tally (kit::check_launch_tally): one device word the kernels add 1 to.
class LaunchTally {
 public:
  explicit LaunchTally(DeviceContext& device) : word_(device_alloc(4, "launch tally")) {
    reset(device);
  }
  uint32_t* get() const { return word_.as(); }
  void reset(DeviceContext& device) const { device.fill_words(word_.get(), 0, 4); }
  uint32_t read(DeviceContext& device) const {
    uint32_t value = 0;
    device.download(&value, word_.get(), 4);
    return value;
  }

 private:
  DeviceBuffer word_;
};

// kit::device_fault_code of the active fault.
uint32_t fault_code();

}  // namespace gpuprobe::cuda
