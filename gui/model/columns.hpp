// A column is one device seen through one API in one result document: the unit every
// table has a column for and every chart has a series for.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe::gui {

struct Column {
  std::string label;        // "OpenCL opencl:0 pthread-Intel(R) Xeon(R)" (+ " [file.json]")
  std::string short_label;  // "OpenCL: pthread-Intel(R) Xeon(R)" for legends (+ " [file.json]")
  std::string source;       // path of the result file; empty for the live run
  const RunReport* report = nullptr;
  const DeviceResult* result = nullptr;
  size_t index = 0;  // position among all columns: picks its colour everywhere
};

// Every device of every report, in report order. The pointers stay valid while the
// reports live (the Workspace keeps them).
std::vector<Column> build_columns(const std::vector<const RunReport*>& reports);

// "run.json" from "/some/dir/run.json": files are named by their base name on screen.
std::string file_label(const std::string& path);

}  // namespace gpuprobe::gui
