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

// Cell text for one measurement: "14.2 ±1.3%" or "unsupported: ..." etc.
std::string format_cell(const Measurement& m, bool with_reason);

}  // namespace gpuprobe
