#include "expected_unsupported.hpp"

#include <fnmatch.h>

#include <array>
#include <fstream>

namespace gpuprobe::test {
namespace {

// Backends an entry may name: a typo would otherwise make an entry that is never checked.
constexpr std::array<const char*, 4> kBackends = {"cpu", "opencl", "vulkan", "cuda"};

bool glob(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

std::string trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t bar; (bar = line.find('|', start)) != std::string::npos && fields.size() < 3;
       start = bar + 1)
    fields.push_back(trim(line.substr(start, bar - start)));
  fields.push_back(trim(line.substr(start)));  // the reason may contain '|'
  return fields;
}

}  // namespace

bool UnsupportedEntry::applies_to(const std::string& backend_name,
                                  const std::string& device_name) const {
  return backend == backend_name && glob(device_pattern, device_name);
}

bool UnsupportedEntry::matches_point(const std::string& point) const {
  return glob(point_pattern, point);
}

bool UnsupportedEntry::matches(const std::string& backend_name, const std::string& device_name,
                               const std::string& point) const {
  return applies_to(backend_name, device_name) && matches_point(point);
}

std::string UnsupportedEntry::where() const {
  return "tests/expected_unsupported.txt:" + std::to_string(line) + " (" + reason + ")";
}

const UnsupportedEntry* ExpectedUnsupported::find(const std::string& backend,
                                                  const std::string& device_name,
                                                  const std::string& point) const {
  for (const UnsupportedEntry& e : entries)
    if (e.matches(backend, device_name, point)) return &e;
  return nullptr;
}

ExpectedUnsupported read_expected_unsupported(const std::string& path) {
  ExpectedUnsupported list;
  std::ifstream in(path);
  if (!in) {
    list.errors.push_back("cannot open " + path);
    return list;
  }
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const std::string content = trim(line);
    if (content.empty() || content[0] == '#') continue;
    const std::vector<std::string> f = split_fields(content);
    const std::string at = "line " + std::to_string(number) + ": ";
    if (f.size() != 4 || f[0].empty() || f[1].empty() || f[2].empty() || f[3].empty()) {
      list.errors.push_back(at + "want 'backend | device pattern | point pattern | reason'");
      continue;
    }
    bool known = false;
    for (const char* b : kBackends) known |= f[0] == b;
    if (!known) {
      list.errors.push_back(at + "unknown backend '" + f[0] + "'");
      continue;
    }
    list.entries.push_back({number, f[0], f[1], f[2], f[3]});
  }
  return list;
}

const ExpectedUnsupported& expected_unsupported() {
  static const ExpectedUnsupported list = read_expected_unsupported(GPUPROBE_EXPECTED_UNSUPPORTED);
  return list;
}

}  // namespace gpuprobe::test
