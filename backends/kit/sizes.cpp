#include "kit/sizes.hpp"

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

}  // namespace gpuprobe::kit
