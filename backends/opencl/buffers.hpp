// Buffer allocation, host<->device copies and device-side fills, with sizes in every
// error, so "out of memory" always says how much was asked for.
#pragma once

#include <cstdint>
#include <string>

#include "cl_handles.hpp"
#include "device_context.hpp"
#include "gpuprobe/plugin.h"

namespace gpuprobe::opencl {

Mem create_buffer(DeviceContext& device, cl_mem_flags flags, uint64_t bytes, const char* what);
void write_buffer(DeviceContext& device, cl_mem buffer, const void* data, uint64_t bytes);
void read_buffer(DeviceContext& device, cl_mem buffer, void* data, uint64_t bytes);
// Fills `bytes` of the buffer with a repeated pattern of `pattern_bytes` (1, 2, 4, ... 128)
// on the device and waits: the poison of outputs before the timed launches.
void fill_buffer(DeviceContext& device, cl_mem buffer, const void* pattern, size_t pattern_bytes,
                 uint64_t bytes);
// A blocking map of a whole buffer, unmapped when it goes: the host fills an input or
// checks an output in place, without a host copy of the buffer and a second pass over
// fresh pages (on a CPU driver the map is the buffer itself).
class MappedBuffer {
 public:
  MappedBuffer(DeviceContext& device, cl_mem buffer, cl_map_flags flags, uint64_t bytes);
  ~MappedBuffer();
  MappedBuffer(const MappedBuffer&) = delete;
  MappedBuffer& operator=(const MappedBuffer&) = delete;
  uint32_t* words() const { return static_cast<uint32_t*>(data_); }

 private:
  DeviceContext& device_;
  cl_mem buffer_;
  void* data_ = nullptr;
};

// Every word of the buffer set to kit::kPoisonWord.
void poison_buffer(DeviceContext& device, cl_mem buffer, uint64_t bytes);

// `requested` limited to CL_DEVICE_MAX_MEM_ALLOC_SIZE minus `extra_bytes` (a source that
// holds a moving window is that much longer) and rounded down to whole `granule`s; each
// change is said in the result's note (kit::limit_and_note, kit::round_down_and_note).
uint64_t clamp_buffer_bytes(const DeviceContext& device, uint64_t requested, uint64_t granule,
                            gp_run_result& result, uint64_t extra_bytes = 0);

}  // namespace gpuprobe::opencl
