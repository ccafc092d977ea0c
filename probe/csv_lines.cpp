#include "csv_lines.hpp"

namespace gpuprobe {
namespace {

std::string trimmed(const std::string& f) {
  const size_t b = f.find_first_not_of(' ');
  const size_t e = f.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : f.substr(b, e - b + 1);
}

}  // namespace

std::vector<CsvLine> read_csv_lines(std::string_view text, const std::string& origin) {
  std::vector<CsvLine> lines;
  size_t number = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') continue;
    CsvLine record{number, {std::string()}};
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      std::string& field = record.fields.back();
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c == '"' && trimmed(field).empty()) {
        quoted = true;
      } else if (c == ',') {
        record.fields.emplace_back();
      } else {
        field += c;
      }
    }
    if (quoted)
      throw std::invalid_argument(origin + ":" + std::to_string(number) +
                                  ": a quoted field is not closed");
    for (auto& f : record.fields) f = trimmed(f);
    lines.push_back(std::move(record));
  }
  return lines;
}

}  // namespace gpuprobe
