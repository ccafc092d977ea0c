#include "run_support.hpp"

#include <cstring>

#include "kit/sizes.hpp"

namespace gpuprobe::cpu {

uint64_t buffer_bytes(const Context& context, const gp_run_params& params, gp_run_result& result,
                      uint64_t granule, uint64_t extra_bytes) {
  const uint64_t max_alloc = context.facts.max_alloc_bytes;
  const uint64_t limit = max_alloc > extra_bytes ? max_alloc - extra_bytes : 0;
  const uint64_t bytes = kit::limit_and_note(result, params.size_bytes, limit, "max_alloc_bytes");
  return kit::round_down_and_note(result, bytes, granule);
}

void prefault(Context& context, void* data, uint64_t bytes) {
  char* base = static_cast<char*>(data);
  context.pool.run(context.pool.size(), [&](unsigned index, unsigned count) {
    const Share share = share_of(bytes, index, count);
    std::memset(base + share.begin, 0, share.size());
  });
}

}  // namespace gpuprobe::cpu
