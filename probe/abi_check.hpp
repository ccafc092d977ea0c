// What a plugin hands across the C ABI is checked once, where it becomes owned data: a
// table with a missing entry makes the plugin unavailable; a run result with more samples
// than the array holds, a note with no NUL in its fixed array, non-finite times or
// out-of-range enums becomes a failed point that says what the plugin did wrong.
#pragma once

#include <string>

#include "backend_handle.hpp"
#include "gpuprobe/plugin.h"

namespace gpuprobe {

// Most devices one plugin may report (a larger count is a broken table, not a machine).
inline constexpr uint32_t kMaxDevicesPerPlugin = 256;
// Most capability entries per device.
inline constexpr uint32_t kMaxInfoEntries = 4096;

// "" when a plugin built for `abi_version` speaks this gpuprobe's ABI; else why not and what
// to do (an older plugin is told what its version lacks).
std::string abi_version_violation(uint32_t abi_version);

// "" when every entry of the table is set; else which one is missing.
std::string table_violation(const gp_plugin& table);

// The owned copy of one run(); a broken result comes back as GP_ERR_INTERNAL with the
// violation in `error` (and no samples).
RunOutcome copy_run_result(gp_status status, const char* last_error, const gp_run_result& result);

// "" when an owned outcome keeps the ABI's promises (used again on what a worker sends).
std::string outcome_violation(const RunOutcome& outcome);

// A C string from a plugin: "" for null, at most `capacity` bytes.
std::string plugin_string(const char* text, size_t capacity = 1u << 16);

}  // namespace gpuprobe
