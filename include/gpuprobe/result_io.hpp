// The versioned JSON result document: write and read back (round-trips exactly).
#pragma once

#include <string>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

std::string to_json(const RunReport& report, int indent = 2);
// Throws std::runtime_error naming what is wrong (parse error, missing field, newer schema).
RunReport from_json(const std::string& text);
// Serialises, then writes atomically (gpuprobe/output_file.hpp): any earlier file at `path`
// survives a failure. Throws std::runtime_error naming the path and the reason.
void save_report(const RunReport& report, const std::string& path);
RunReport load_report(const std::string& path);  // error names the file

}  // namespace gpuprobe
