// The VRAM test's report as a table (for people) and as JSON (for scripts and the check).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gpuprobe/memtest_report.hpp"

namespace gpuprobe {
namespace {

std::string hex(uint64_t value, int width = 0) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%0*llx", width, static_cast<unsigned long long>(value));
  return text;
}

std::string mib(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

const char* status_word(const MemtestReport& r) {
  if (r.status == GP_ERR_CANCELLED) return "CANCELLED";
  if (r.status != GP_OK) return "NOT RUN";
  return r.error_count == 0 ? "PASS" : "FAIL";
}

constexpr size_t kFailuresShown = 16;

}  // namespace

std::string format_memtest_table(const MemtestReport& r) {
  std::ostringstream out;
  char line[160];
  out << "Memory test  " << r.backend << ":" << r.device
      << (r.device_name.empty() ? "" : " (" + r.device_name + ")") << "\n";
  auto row = [&](const std::string& key, const std::string& value) {
    out << "  " << key << std::string(key.size() < 17 ? 17 - key.size() : 1, ' ') << value << "\n";
  };
  row("result", status_word(r));
  if (!r.error.empty()) row("why", r.error);
  if (r.status != GP_OK && r.tested_bytes == 0) return out.str();
  row("tested", mib(r.tested_bytes) + " in " + std::to_string(r.chunk_count) +
                    (r.chunk_count == 1 ? " allocation" : " allocations") +
                    (r.device_bytes ? " (device " + mib(r.device_bytes) + ")" : ""));
  row("passes", std::to_string(r.passes_done) + " of " + std::to_string(r.passes_asked));
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f s", r.seconds);
  row("time", seconds);
  row("words checked", std::to_string(r.words_checked));
  row("errors", std::to_string(r.error_count));
  const MemtestAnalysis& a = r.analysis;
  if (a.lowest_address)
    row("failing range", hex(*a.lowest_address) + " .. " + hex(*a.highest_address));
  if (r.error_count) {
    std::string bits, per_word;
    for (int b = 0; b < 32; ++b)
      if (a.bit_position[b])
        bits += "bit " + std::to_string(b) + ": " + std::to_string(a.bit_position[b]) + "  ";
    for (int n = 0; n <= 32; ++n)
      if (a.bits_per_word[n])
        per_word += std::to_string(n) + " bits: " + std::to_string(a.bits_per_word[n]) + "  ";
    row("bit positions", bits.substr(0, bits.find_last_not_of(' ') + 1));
    row("bits per word", per_word.substr(0, per_word.find_last_not_of(' ') + 1));
  }
  row("reading", a.reading);
  if (!r.note.empty()) row("note", r.note);
  if (!r.failures.empty()) {
    out << "  first failures (address, expected, got, xor, pattern, pass):\n";
    for (size_t i = 0; i < r.failures.size() && i < kFailuresShown; ++i) {
      const MemtestFailure& f = r.failures[i];
      std::snprintf(line, sizeof line, "    %-14s %s %s %s  %-17s %u\n", hex(f.address).c_str(),
                    hex(f.expected, 8).c_str(), hex(f.got, 8).c_str(),
                    hex(f.expected ^ f.got, 8).c_str(), f.pattern.c_str(), f.pass + 1);
      out << line;
    }
    if (r.failures.size() > kFailuresShown)
      out << "    ... " << r.failures.size() - kFailuresShown << " more in --format json\n";
  }
  return out.str();
}

std::string memtest_to_json(const MemtestReport& r) {
  nlohmann::ordered_json j;
  j["backend"] = r.backend;
  j["device"] = r.device;
  j["device_name"] = r.device_name;
  j["result"] = status_word(r);
  if (!r.error.empty()) j["error"] = r.error;
  j["passes_asked"] = r.passes_asked;
  j["passes_done"] = r.passes_done;
  j["tested_bytes"] = r.tested_bytes;
  j["chunk_count"] = r.chunk_count;
  j["device_bytes"] = r.device_bytes;
  if (r.free_bytes) j["free_bytes"] = r.free_bytes;
  j["words_checked"] = r.words_checked;
  j["error_count"] = r.error_count;
  j["seconds"] = r.seconds;
  const MemtestAnalysis& a = r.analysis;
  nlohmann::ordered_json analysis;
  analysis["diagnosis"] = memtest_diagnosis_name(a.diagnosis);
  analysis["reading"] = a.reading;
  analysis["failures_analysed"] = a.recorded;
  if (a.lowest_address) {
    analysis["lowest_failing_address"] = *a.lowest_address;
    analysis["highest_failing_address"] = *a.highest_address;
  }
  analysis["distinct_failing_words"] = a.distinct_words;
  analysis["bit_position_histogram"] = a.bit_position;
  analysis["bits_per_word_histogram"] = a.bits_per_word;
  j["analysis"] = analysis;
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (const MemtestFailure& f : r.failures)
    failures.push_back({{"address", f.address},
                        {"expected", f.expected},
                        {"got", f.got},
                        {"pattern", f.pattern},
                        {"pass", f.pass}});
  j["failures"] = failures;
  j["note"] = r.note;
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace gpuprobe
