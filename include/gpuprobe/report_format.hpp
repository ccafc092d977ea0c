// Text renderings of a result: an aligned table for terminals, CSV and Markdown. Results
// are grouped by kernel, one row per measured point, one column per device/API.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

enum class TextFormat { Table, Csv, Markdown };

// One column per device across all given reports (a device of a loaded file is a column too).
std::string format_results(const std::vector<const RunReport*>& reports, TextFormat format);
std::string format_devices(const std::vector<BackendStatus>& backends);  // `gpuprobe list`

// "4 KiB", "512 MiB"
std::string format_bytes(uint64_t bytes);
// Short text for a point's parameters: "512 MiB x4", "1024x1024x1024 fp32", ...
std::string describe_params(const std::string& kernel, const KernelParams& p);

// True when the device ran another size or work-item count than requested (clamped).
bool adjusted_by_device(const Measurement& m);

// The cpu backend's host clock is its device's own clock; on every other backend a
// host-timed figure includes submission and wake-up and is marked.
bool host_clock_is_native(const std::string& backend);
bool host_timed_fallback(const Measurement& m, const std::string& backend);

// Why an Ok figure carries '*' (empty: it does not): clamped, substituted, host-timed
// (judged only when `backend` is given).
std::vector<std::string> adjustment_reasons(const Measurement& m, const std::string& backend);

// Cell text for one measurement: "14.2 ±1.3%", "14.2 ±7.9% ~ *" (noisy, adjusted) or
// "unsupported: ..." etc. `backend`: the column's plugin, for the host-timed mark.
std::string format_cell(const Measurement& m, bool with_reason, const std::string& backend = {});

// Legend lines for the marks, as the table prints them below itself.
inline constexpr const char* kNoisyLegend =
    "~ noisy: spread (CV) above 5 % after adaptive sampling; the median may move between runs";

}  // namespace gpuprobe
