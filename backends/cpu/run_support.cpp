#include "run_support.hpp"

#include <cstdio>
#include <cstring>

namespace gpuprobe::cpu {

std::string format_bytes(uint64_t bytes) {
  char text[32];
  if (bytes >= (uint64_t{1} << 30) && bytes % (uint64_t{1} << 30) == 0) {
    std::snprintf(text, sizeof text, "%llu GiB", static_cast<unsigned long long>(bytes >> 30));
  } else if (bytes >= (uint64_t{1} << 20) && bytes % (uint64_t{1} << 20) == 0) {
    std::snprintf(text, sizeof text, "%llu MiB", static_cast<unsigned long long>(bytes >> 20));
  } else if (bytes >= 1024 && bytes % 1024 == 0) {
    std::snprintf(text, sizeof text, "%llu KiB", static_cast<unsigned long long>(bytes >> 10));
  } else {
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  }
  return text;
}

uint64_t buffer_bytes(const Context& context, const gp_run_params& params, gp_run_result& result,
                      uint64_t granule) {
  uint64_t bytes = params.size_bytes;
  if (bytes > context.facts.max_alloc_bytes) {
    bytes = context.facts.max_alloc_bytes;
    plugin::append_note(&result, "size clamped from " + format_bytes(params.size_bytes) +
                                     " to max_alloc_bytes " + format_bytes(bytes));
  }
  const uint64_t rounded = bytes / granule * granule;
  if (rounded == 0) {
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                        "size_bytes must be at least " + std::to_string(granule));
  }
  if (rounded != bytes) {
    plugin::append_note(&result, "size rounded down to " + format_bytes(rounded));
  }
  return rounded;
}

void prefault(Context& context, void* data, uint64_t bytes) {
  char* base = static_cast<char*>(data);
  context.pool.run(context.pool.size(), [&](unsigned index, unsigned count) {
    const Share share = share_of(bytes, index, count);
    std::memset(base + share.begin, 0, share.size());
  });
}

}  // namespace gpuprobe::cpu
