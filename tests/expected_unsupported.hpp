// Reads tests/expected_unsupported.txt: the kernel points that are unsupported on the CI
// machines, each with its reason (the file's header says how entries are matched).
// Conformance and mutation skip an unsupported point only when an entry matches it;
// expected_unsupported_test checks the whole list against every device present.
#pragma once

#include <string>
#include <vector>

namespace gpuprobe::test {

struct UnsupportedEntry {
  int line = 0;
  std::string backend;         // plugin name, exactly
  std::string device_pattern;  // shell glob over the device name
  std::string point_pattern;   // shell glob over the point name (conformance_points.hpp)
  std::string reason;

  bool applies_to(const std::string& backend_name, const std::string& device_name) const;
  bool matches_point(const std::string& point) const;
  bool matches(const std::string& backend_name, const std::string& device_name,
               const std::string& point) const;
  std::string where() const;  // "tests/expected_unsupported.txt:12 (reason)"
};

struct ExpectedUnsupported {
  std::vector<UnsupportedEntry> entries;
  std::vector<std::string> errors;  // malformed lines: "line 7: ..."

  // The first entry matching the point, or null.
  const UnsupportedEntry* find(const std::string& backend, const std::string& device_name,
                               const std::string& point) const;
};

ExpectedUnsupported read_expected_unsupported(const std::string& path);

// This tree's list (GPUPROBE_EXPECTED_UNSUPPORTED), read once.
const ExpectedUnsupported& expected_unsupported();

}  // namespace gpuprobe::test
