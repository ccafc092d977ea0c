#include "kit/sizes.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::kit {

std::string format_bytes(uint64_t bytes) {
  struct Unit {
    unsigned shift;
    const char* name;
  };
  for (const Unit u : {Unit{40, "TiB"}, Unit{30, "GiB"}, Unit{20, "MiB"}, Unit{10, "KiB"}}) {
    const uint64_t one = uint64_t{1} << u.shift;
    if (bytes >= one && bytes % one == 0) return std::to_string(bytes >> u.shift) + " " + u.name;
  }
  return std::to_string(bytes) + " bytes";
}

uint64_t limit_and_note(gp_run_result& result, uint64_t bytes, uint64_t limit,
                        const std::string& why) {
  if (bytes <= limit) return bytes;
  result.adjustments |= GP_ADJUST_CLAMPED;  // the core marks the figure '*' with this note
  plugin::append_note(&result, "size clamped from " + format_bytes(bytes) + " to " +
                                   format_bytes(limit) + " (" + why + ")");
  return limit;
}

uint64_t round_down_and_note(gp_run_result& result, uint64_t bytes, uint64_t granule) {
  const uint64_t rounded = granule == 0 ? bytes : bytes / granule * granule;
  if (rounded == 0) {
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "size " + format_bytes(bytes) +
                                                     " is below the smallest this kernel runs (" +
                                                     format_bytes(granule) + ")");
  }
  if (rounded != bytes)
    plugin::append_note(&result, "size rounded down to " + format_bytes(rounded));
  return rounded;
}

std::string approx_bytes(uint64_t bytes) {
  struct Unit {
    unsigned shift;
    const char* name;
  };
  char text[48];
  for (const Unit u : {Unit{40, "TiB"}, Unit{30, "GiB"}, Unit{20, "MiB"}, Unit{10, "KiB"}}) {
    if (bytes >= (uint64_t{1} << u.shift)) {
      std::snprintf(text, sizeof text, "%.1f %s", double(bytes) / double(uint64_t{1} << u.shift),
                    u.name);
      return text;
    }
  }
  return std::to_string(bytes) + " bytes";
}

uint64_t host_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : 0;
}

void check_matmul_fits(uint64_t m, uint64_t n, uint64_t k, uint64_t input_bytes,
                       uint64_t output_bytes, std::initializer_list<MemoryLimit> limits) {
  const std::string shape = std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k);
  // rows x cols x element size, or UINT64_MAX when that does not fit 64 bits.
  auto product = [](uint64_t rows, uint64_t cols, uint64_t element) -> uint64_t {
    if (rows && cols > UINT64_MAX / rows) return UINT64_MAX;
    const uint64_t elements = rows * cols;
    return element && elements > UINT64_MAX / element ? UINT64_MAX : elements * element;
  };
  const uint64_t a = product(m, k, input_bytes), b = product(k, n, input_bytes),
                 c = product(m, n, output_bytes);
  if (a == UINT64_MAX || b == UINT64_MAX || c == UINT64_MAX || a + b < a || a + b + c < a + b)
    throw plugin::Error(GP_ERR_UNSUPPORTED, shape + " needs more bytes than 64 bits can count");
  const uint64_t total = a + b + c;
  const std::string needs = shape + " needs " + approx_bytes(total) + " (A " + approx_bytes(a) +
                            ", B " + approx_bytes(b) + ", C " + approx_bytes(c) + ")";
  for (const MemoryLimit& limit : limits) {
    if (limit.bytes == 0) continue;
    const uint64_t largest = std::max(a, std::max(b, c));
    if (limit.per_buffer ? largest > limit.bytes : total > limit.bytes)
      throw plugin::Error(GP_ERR_UNSUPPORTED, needs + "; " + limit.name + " allows " +
                                                  approx_bytes(limit.bytes) +
                                                  (limit.per_buffer ? " per buffer" : " in all"));
  }
}

}  // namespace gpuprobe::kit
