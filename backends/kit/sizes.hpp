// Clamp-and-note: every change a backend makes to the working set it was asked for is
// written into the result's note with its reason, in the same words on every backend.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "gpuprobe/plugin.h"

namespace gpuprobe::kit {

// "512 MiB", "3 KiB", "100 bytes": the largest binary unit that divides `bytes` exactly.
std::string format_bytes(uint64_t bytes);

// min(bytes, limit); when the limit wins, notes "size clamped from X to Y (<why>)" and
// sets GP_ADJUST_CLAMPED.
uint64_t limit_and_note(gp_run_result& result, uint64_t bytes, uint64_t limit,
                        const std::string& why);

// `bytes` rounded down to whole granules, noted when that changed it. Throws
// plugin::Error(GP_ERR_INVALID_ARGUMENT) when not even one granule is left.
uint64_t round_down_and_note(gp_run_result& result, uint64_t bytes, uint64_t granule);

// "111.8 GiB", "3.0 MiB", "512 bytes": rounded, for sizes that are not whole units.
std::string approx_bytes(uint64_t bytes);

// A limit a matmul's matrices must fit: per buffer (each of A, B and C) or for all three.
struct MemoryLimit {
  uint64_t bytes = 0;  // 0: not known, not checked
  std::string name;    // "CL_DEVICE_MAX_MEM_ALLOC_SIZE", "host memory", ...
  bool per_buffer = true;
};

// Host RAM (sysconf), the limit every backend's host copies of A, B and C must fit.
uint64_t host_memory_bytes();

// Checks an MxNxK matmul's A (MxK), B (KxN) and C (MxN) against `limits` before anything
// is allocated or filled, in the same words on every backend. Throws plugin::Error
// (GP_ERR_UNSUPPORTED): "2048x2048x2048 needs 48.0 MiB (A 16.0 MiB, B 16.0 MiB, C 16.0 MiB);
// CL_DEVICE_MAX_MEM_ALLOC_SIZE allows 4.0 GiB per buffer". Products that overflow 64 bits
// are reported as such.
void check_matmul_fits(uint64_t m, uint64_t n, uint64_t k, uint64_t input_bytes,
                       uint64_t output_bytes, std::initializer_list<MemoryLimit> limits);

}  // namespace gpuprobe::kit
