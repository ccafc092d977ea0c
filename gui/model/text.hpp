// Text the panels show, built here so it is the same in every panel and testable.
#pragma once

#include <cstdint>
#include <string>

#include "gpuprobe/results.hpp"

namespace gpuprobe::gui {

// A figure with 3 significant digits: "1234", "14.2", "0.913".
std::string figure_text(double value);
// "4 KiB", "512 MiB" (the CLI's spelling).
std::string bytes_text(uint64_t bytes);
// Short power-of-two friendly count for axes: "1", "64", "4K", "1M".
std::string count_text(double count);
// A device info value for tables: byte counts as "23.5 GiB", everything else as the core
// prints it.
std::string info_text(const InfoValue& value);
// Parameters of a point as the CLI prints them: "512 MiB w4", "1024x1024x1024 fp32".
std::string params_text(const std::string& kernel, const KernelParams& params);
// Multi-line detail for a hover tooltip: median, spread, samples, timer, verification,
// why the figure is marked (noisy, adjusted), notes. `backend`: the column's plugin, for
// the host-timed mark (empty: not judged).
std::string measurement_detail(const Measurement& m, const std::string& unit,
                               const std::string& backend = {});
// What the plugin's telemetry saw while the point ran (min / mean / max per field, clock
// events), or why the device has none; "" for a point without telemetry. The last lines of
// measurement_detail(), so every hover over a point shows it.
std::string telemetry_detail(const Measurement& m);
// "ok" cell text with its marks (" ~" noisy, " *" adjusted) or the status word
// ("unsupported", "FAILED verification", ...).
std::string cell_text(const Measurement& m, const std::string& backend = {});
// A message for a dialog box: control characters escaped, at most `max_lines` lines of
// about `line_chars` characters (longer lines count as several), cut with "..." so the
// box's OK button always stays on screen.
std::string dialog_text(const std::string& message, size_t max_lines = 6, size_t line_chars = 90);
// The legend line for the marks, shown above the results table.
inline constexpr const char* kMarksLegend =
    "~ noisy: spread (CV) above 5 % after adaptive sampling;  * adjusted: clamped, "
    "substituted or host-timed (hover for the reason)";

}  // namespace gpuprobe::gui
