// Clamp-and-note: every change a backend makes to the working set it was asked for is
// written into the result's note with its reason, in the same words on every backend.
#pragma once

#include <cstdint>
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

}  // namespace gpuprobe::kit
