// What a VRAM test's failures mean. The first GP_MEMTEST_MAX_FAILURES failures are
// analysed; the reading says so when there were more.
#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <set>

#include "gpuprobe/memtest_report.hpp"

namespace gpuprobe {
namespace {

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// Bit positions with any failure, "3" or "3, 17 and 30".
std::string positions(const std::array<uint64_t, 32>& histogram) {
  std::vector<int> bits;
  for (int b = 0; b < 32; ++b)
    if (histogram[b]) bits.push_back(b);
  std::string text;
  for (size_t i = 0; i < bits.size(); ++i) {
    if (i) text += i + 1 == bits.size() ? " and " : ", ";
    text += std::to_string(bits[i]);
  }
  return text;
}

// single_bit_position: the bit histogram of the one-bit failures alone.
std::string reading_for(const MemtestAnalysis& a, uint64_t error_count,
                        const std::array<uint64_t, 32>& single_bit_position) {
  if (error_count == 0) return "no errors: every word read back as written";
  const std::string range = "between " + hex(*a.lowest_address) + " and " +
                            hex(*a.highest_address) + " (" + std::to_string(a.distinct_words) +
                            (a.distinct_words == 1 ? " word" : " distinct words") + ")";
  std::string text;
  switch (a.diagnosis) {
    case MemtestDiagnosis::kRetention:
      text = "errors only after the idle pause, " + range +
             ": cells that lose their charge (retention), worn or overheating memory";
      break;
    case MemtestDiagnosis::kSingleBit: {
      const uint64_t bits = std::count_if(single_bit_position.begin(), single_bit_position.end(),
                                          [](uint64_t n) { return n != 0; });
      text = "mostly single-bit errors, on bit " + positions(single_bit_position) + ", " + range +
             (bits == 1 ? ": the same bit every time points to one data line (a DQ pin, trace "
                          "or solder joint) or one failing memory chip"
                        : ": scattered single bits point to weak cells in the memory chips");
      break;
    }
    case MemtestDiagnosis::kStuckWords:
      text = "whole words read back as all " +
             std::string(a.stuck_one_words >= a.stuck_zero_words ? "ones" : "zeros") + ", " +
             range + ": the memory controller or a chip that does not answer, not single cells";
      break;
    case MemtestDiagnosis::kMultiBit:
      text = "many bits wrong in each failing word, " + range +
             ": the word came from another address, an addressing fault (address line, "
             "controller or a chip's row/column logic)";
      break;
    case MemtestDiagnosis::kNone:
    case MemtestDiagnosis::kNotAnalysed:
      break;
  }
  if (a.recorded < error_count)
    text += "; read from the first " + std::to_string(a.recorded) + " of " +
            std::to_string(error_count) + " errors";
  return text;
}

}  // namespace

const char* memtest_diagnosis_name(MemtestDiagnosis d) {
  switch (d) {
    case MemtestDiagnosis::kNone:
      return "none";
    case MemtestDiagnosis::kSingleBit:
      return "single_bit";
    case MemtestDiagnosis::kStuckWords:
      return "stuck_words";
    case MemtestDiagnosis::kMultiBit:
      return "multi_bit";
    case MemtestDiagnosis::kRetention:
      return "retention";
    case MemtestDiagnosis::kNotAnalysed:
      return "not_analysed";
  }
  return "none";
}

MemtestAnalysis analyse_memtest(const std::vector<MemtestFailure>& failures, uint64_t error_count) {
  MemtestAnalysis a;
  a.recorded = failures.size();
  std::set<uint64_t> words;
  uint64_t single = 0, multi = 0, retention = 0;
  std::array<uint64_t, 32> single_bit_position{};
  for (const MemtestFailure& f : failures) {
    a.lowest_address = std::min(a.lowest_address.value_or(f.address), f.address);
    a.highest_address = std::max(a.highest_address.value_or(f.address), f.address);
    words.insert(f.address);
    const uint32_t wrong = f.expected ^ f.got;
    for (int b = 0; b < 32; ++b)
      if (wrong >> b & 1u) ++a.bit_position[b];
    const int count = std::popcount(wrong);
    ++a.bits_per_word[count];
    if (f.got == 0 && count > 1)
      ++a.stuck_zero_words;
    else if (f.got == ~0u && count > 1)
      ++a.stuck_one_words;
    else if (count == 1) {
      ++single;
      ++single_bit_position[std::countr_zero(wrong)];
    } else
      ++multi;
    if (f.pattern == "retention") ++retention;
  }
  a.distinct_words = words.size();
  if (error_count == 0 || failures.empty()) {
    a.diagnosis = error_count == 0 ? MemtestDiagnosis::kNone : MemtestDiagnosis::kNotAnalysed;
    a.reading = error_count == 0 ? reading_for(a, 0, {})
                                 : std::to_string(error_count) + " errors, none recorded to read";
    return a;
  }
  // The largest class decides; a tie goes to the graver cause (controller, addressing).
  const uint64_t stuck = a.stuck_zero_words + a.stuck_one_words;
  if (retention == failures.size())
    a.diagnosis = MemtestDiagnosis::kRetention;
  else if (stuck >= single && stuck >= multi)
    a.diagnosis = MemtestDiagnosis::kStuckWords;
  else if (multi >= single)
    a.diagnosis = MemtestDiagnosis::kMultiBit;
  else
    a.diagnosis = MemtestDiagnosis::kSingleBit;
  a.reading = reading_for(a, error_count, single_bit_position);
  return a;
}

MemtestReport memtest_report_from(const gp_memtest_result& r, gp_status status, std::string error) {
  MemtestReport report;
  report.status = status;
  report.error = std::move(error);
  report.passes_done = r.passes_done;
  report.chunk_count = r.chunk_count;
  report.tested_bytes = r.tested_bytes;
  report.device_bytes = r.device_bytes;
  report.free_bytes = r.free_bytes;
  report.words_checked = r.words_checked;
  report.error_count = r.error_count;
  report.seconds = r.seconds;
  report.note.assign(r.note, strnlen(r.note, sizeof r.note));
  const uint32_t count = std::min(r.failure_count, GP_MEMTEST_MAX_FAILURES);
  for (uint32_t i = 0; i < count; ++i) {
    const gp_memtest_failure& f = r.failures[i];
    const char* name = gp_memtest_pattern_name(f.pattern);
    report.failures.push_back({f.address, f.expected, f.got, name ? name : "unknown", f.pass});
  }
  report.analysis = analyse_memtest(report.failures, report.error_count);
  return report;
}

}  // namespace gpuprobe
