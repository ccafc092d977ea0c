// Buffer allocation and host<->device copies with sizes in every error, so "out of memory"
// always says how much was asked for.
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

// `requested` clamped to CL_DEVICE_MAX_MEM_ALLOC_SIZE (and to a non-zero multiple of
// `granule`); a clamp is said in the result's note.
uint64_t clamp_buffer_bytes(const DeviceContext& device, uint64_t requested, uint64_t granule,
                            gp_run_result* result);

}  // namespace gpuprobe::opencl
