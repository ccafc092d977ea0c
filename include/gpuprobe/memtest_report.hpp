// The VRAM test's result on the host side: what a plugin's gp_memtest run found
// (include/gpuprobe/memtest.h), analysed: failing address range, histograms of failing bit
// positions and of bits toggled per word, and a plain-language reading of the pattern.
// The analysis is pure (no plugin, no I/O), so crafted results test every reading.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/memtest.h"

namespace gpuprobe {

struct MemtestFailure {
  uint64_t address = 0;  // byte offset in the tested memory
  uint32_t expected = 0;
  uint32_t got = 0;
  std::string pattern;  // "walking_ones"
  uint32_t pass = 0;
};

// What the failures look like, most telling first.
enum class MemtestDiagnosis {
  kNone,         // no errors
  kSingleBit,    // mostly one bit per word: a data line or weak cells
  kStuckWords,   // whole words of all zeros or all ones: the memory controller
  kMultiBit,     // many bits per word: addressing
  kRetention,    // only after the idle pause: cells that lose their charge
  kNotAnalysed,  // the test did not run to the end with a result
};
const char* memtest_diagnosis_name(MemtestDiagnosis d);

struct MemtestAnalysis {
  uint64_t recorded = 0;  // failures analysed (the first ones of error_count)
  std::optional<uint64_t> lowest_address, highest_address;
  uint64_t distinct_words = 0;
  std::array<uint64_t, 32> bit_position{};   // failures with bit i wrong
  std::array<uint64_t, 33> bits_per_word{};  // failures with that many bits wrong
  uint64_t stuck_zero_words = 0, stuck_one_words = 0;
  MemtestDiagnosis diagnosis = MemtestDiagnosis::kNone;
  std::string reading;  // plain language, one or two sentences
};

struct MemtestReport {
  std::string backend;
  uint32_t device = 0;
  std::string device_name;
  gp_status status = GP_OK;  // of the plugin's run(); cancelled keeps what was done
  std::string error;         // last_error() when status != GP_OK
  uint32_t passes_asked = 0, passes_done = 0;
  uint32_t chunk_count = 0;
  uint64_t tested_bytes = 0, device_bytes = 0, free_bytes = 0;
  uint64_t words_checked = 0, error_count = 0;
  double seconds = 0;
  std::string note;
  std::vector<MemtestFailure> failures;
  MemtestAnalysis analysis;
  // The test ran all its passes and found nothing.
  bool passed() const { return status == GP_OK && error_count == 0; }
};

// Copies a plugin's result (every count and string checked against its capacity) and
// analyses it.
MemtestReport memtest_report_from(const gp_memtest_result& result, gp_status status,
                                  std::string error);
MemtestAnalysis analyse_memtest(const std::vector<MemtestFailure>& failures, uint64_t error_count);

std::string format_memtest_table(const MemtestReport& report);
std::string memtest_to_json(const MemtestReport& report);  // one object, 2-space indent

}  // namespace gpuprobe
