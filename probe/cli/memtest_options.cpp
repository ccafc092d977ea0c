#include "cli/memtest_options.hpp"

#include <CLI/CLI.hpp>
#include <sstream>

#include "gpuprobe/memtest.h"
#include "gpuprobe/parse_number.hpp"
#include "gpuprobe/printable.hpp"

namespace gpuprobe::cli {
namespace {

constexpr uint64_t kMinTestBytes = 4096;
constexpr uint64_t kMaxTestBytes = uint64_t{1} << 40;

uint32_t parse_patterns(const std::string& text) {
  if (text.empty()) return 0;
  uint32_t bits = 0;
  std::istringstream list(text);
  for (std::string name; std::getline(list, name, ',');) {
    uint32_t bit = 0;
    for (uint32_t p = 0; p < GP_MEMTEST_PATTERN_COUNT; ++p)
      if (name == gp_memtest_pattern_name(p)) bit = 1u << p;
    if (bit == 0)
      throw std::invalid_argument("--patterns: '" + printable(name) +
                                  "' is not a pattern (own_address, walking_ones, "
                                  "walking_zeros, moving_inversions, random, retention)");
    bits |= bit;
  }
  if (bits == 0) throw std::invalid_argument("--patterns: name at least one pattern");
  return bits;
}

}  // namespace

CLI::App* add_memtest_subcommand(CLI::App& app, MemtestRawOptions& raw, std::string& format) {
  auto* memtest = app.add_subcommand(
      "memtest",
      "Test a device's memory for errors (own address, walking ones/zeros, moving inversions, "
      "random, re-read after a pause); exit 1 when errors are found");
  memtest->add_option("--device,-d", raw.device, "BACKEND or BACKEND:INDEX (e.g. vulkan:0)")
      ->required()
      ->type_name("DEVICE");
  memtest
      ->add_option("--memtest-bytes", raw.bytes,
                   "Memory to test (e.g. 512MiB; default 90 % of free memory, 25 % of host "
                   "RAM for a CPU device)")
      ->type_name("SIZE");
  memtest
      ->add_option("--memtest-chunk", raw.chunk,
                   "Largest single allocation (default: what the API allows, at most 4 GiB)")
      ->type_name("SIZE");
  memtest->add_option("--memtest-passes", raw.passes, "Passes over every pattern (default 1)")
      ->type_name("N");
  memtest->add_option("--seed", raw.seed, "Seed of the random patterns (default 1)")
      ->type_name("N");
  memtest
      ->add_option("--idle-s", raw.idle_seconds, "Pause before the retention re-read (default 5 s)")
      ->type_name("SECONDS");
  memtest->add_option("--patterns", raw.patterns, "Comma-separated patterns (default: all)")
      ->type_name("LIST");
  memtest->add_option("--format", format, "Output on stdout")
      ->check(CLI::IsMember({"table", "json"}));
  return memtest;
}

MemtestRequest parse_memtest_options(const MemtestRawOptions& raw) {
  MemtestRequest r;
  const BackendIndexText device = parse_backend_index(raw.device, 1023, "--device");
  r.backend = device.backend;
  r.device = device.has_index ? device.index : 0;
  if (!raw.bytes.empty())
    r.max_bytes = parse_size_bytes(raw.bytes, kMinTestBytes, kMaxTestBytes, "--memtest-bytes");
  if (!raw.chunk.empty())
    r.max_chunk_bytes =
        parse_size_bytes(raw.chunk, kMinTestBytes, kMaxTestBytes, "--memtest-chunk");
  if (!raw.passes.empty())
    r.passes = static_cast<uint32_t>(parse_unsigned(raw.passes, 1, 1000, "--memtest-passes"));
  if (!raw.seed.empty())
    r.seed = static_cast<uint32_t>(parse_unsigned(raw.seed, 0, UINT32_MAX, "--seed"));
  if (!raw.idle_seconds.empty())
    r.idle_seconds = parse_finite_double(raw.idle_seconds, 0.0, 3600.0, "--idle-s");
  r.patterns = parse_patterns(raw.patterns);
  return r;
}

}  // namespace gpuprobe::cli
