// The data files' CSV dialect (probe/data/*.csv, --spec-file): one record per line, fields split at
// ',', a field in double quotes may hold ',' and '""', surrounding spaces dropped, '#' lines
// and blank lines skipped. Shared by the spec database and the support-horizon table.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gpuprobe {

struct CsvLine {
  size_t number = 0;  // 1-based line in the file
  std::vector<std::string> fields;
};

// Throws std::invalid_argument "ORIGIN:LINE: a quoted field is not closed".
std::vector<CsvLine> read_csv_lines(std::string_view text, const std::string& origin);

}  // namespace gpuprobe
