#include "kit/memtest.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "gpuprobe/plugin_support.hpp"
#include "kit/memtest_fault.hpp"

namespace gpuprobe::kit {
namespace {

// 4 GiB per chunk at most: a word index within a chunk fits the 32 bits every dialect has.
constexpr uint64_t kMaxChunkBytes = uint64_t{1} << 32;

std::string mib(uint64_t bytes) {
  char text[48];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

void append_note(gp_memtest_result& result, const std::string& text) {
  const size_t used = std::strlen(result.note);
  const std::string piece = (used ? "; " : "") + text;
  std::strncat(result.note, piece.c_str(), sizeof result.note - used - 1);
}

bool cancelled(const gp_memtest_params& params) {
  return params.cancel && __atomic_load_n(params.cancel, __ATOMIC_RELAXED) != 0;
}

// What one pattern does in one pass, in order.
struct Action {
  enum Kind { Fill, Verify, Pause } kind;
  MemtestSweep sweep;
};

std::vector<Action> pattern_actions(uint32_t pattern, uint32_t pass, const gp_memtest_params& p) {
  // A salt per pass and pattern, so no pass finds the previous one's words by chance.
  const uint32_t salt =
      memtest_word(kWordRandom, pass * GP_MEMTEST_PATTERN_COUNT + pattern, p.seed);
  auto fill_verify = [](MemtestSweep s) {
    return std::vector<Action>{{Action::Fill, s}, {Action::Verify, s}};
  };
  switch (static_cast<gp_memtest_pattern>(pattern)) {
    case GP_MEMTEST_OWN_ADDRESS:  // the first pass writes the bare addresses
      return fill_verify({kWordAddress, pass == 0 ? 0u : salt, 0, false});
    case GP_MEMTEST_WALKING_ONES:
      return fill_verify({kWordWalkOne, pass, 0, false});
    case GP_MEMTEST_WALKING_ZEROS:
      return fill_verify({kWordWalkZero, pass, 0, false});
    case GP_MEMTEST_MOVING_INVERSIONS:
      return {{Action::Fill, {kWordRandom, salt, 0, false}},
              {Action::Verify, {kWordRandom, salt, 0, true}},
              {Action::Verify, {kWordRandom, salt, ~0u, false}}};
    case GP_MEMTEST_RANDOM:
      return fill_verify({kWordRandom, salt, 0, false});
    case GP_MEMTEST_RETENTION: {
      const MemtestSweep s{kWordRandom, salt ^ 0x5A5A5A5Au, 0, false};
      return {{Action::Fill, s}, {Action::Pause, s}, {Action::Verify, s}};
    }
    case GP_MEMTEST_PATTERN_COUNT:
      break;
  }
  return {};
}

// Where a flip lands: chunk and word within it.
struct FlipTarget {
  size_t chunk;
  uint64_t word;
  uint32_t mask;
};

std::vector<FlipTarget> place_flips(const std::vector<MemtestFlip>& flips,
                                    const std::vector<uint64_t>& chunk_start_word,
                                    uint64_t tested_bytes) {
  std::vector<FlipTarget> targets;
  for (const MemtestFlip& f : flips) {
    if (f.address >= tested_bytes)
      throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                          "GPUPROBE_FAULT=memtest_flip: address " + std::to_string(f.address) +
                              " is beyond the tested memory (" + std::to_string(tested_bytes) +
                              " bytes); choose a smaller address");
    const uint64_t word = f.address / 4;
    const auto after = std::upper_bound(chunk_start_word.begin(), chunk_start_word.end(), word);
    const size_t chunk = static_cast<size_t>(after - chunk_start_word.begin()) - 1;
    targets.push_back({chunk, word - chunk_start_word[chunk], f.mask});
  }
  return targets;
}

void pause(double seconds, const gp_memtest_params& params) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end && !cancelled(params))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace

uint64_t memtest_target_bytes(const gp_memtest_params& params, const MemtestMemory& memory) {
  uint64_t target = 0;
  if (params.max_bytes != 0) {
    if (memory.total_bytes != 0 && params.max_bytes > memory.total_bytes)
      throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                          "asked to test " + std::to_string(params.max_bytes) +
                              " bytes but the device has " + std::to_string(memory.total_bytes) +
                              " (" + mib(memory.total_bytes) +
                              "); ask for less or leave the "
                              "size to the default (90 % of free memory)");
    target = params.max_bytes;
  } else {
    const uint64_t base = memory.free_bytes ? memory.free_bytes : memory.total_bytes;
    if (base == 0)
      throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                          "the driver reports no memory size for this device; give a size "
                          "to test");
    const double share = memory.host_memory ? kMemtestHostDefaultShare : kMemtestDefaultShare;
    target = static_cast<uint64_t>(static_cast<double>(base) * share);
  }
  target -= target % 4;
  if (target == 0)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                        "the memory test needs at least one 4-byte word; ask for more");
  return target;
}

std::vector<uint64_t> memtest_allocate(MemtestDevice& device, uint64_t target,
                                       uint64_t max_chunk_bytes) {
  uint64_t chunk = std::min({target, max_chunk_bytes ? max_chunk_bytes : target, kMaxChunkBytes});
  chunk -= chunk % 4;
  std::vector<uint64_t> chunks;
  uint64_t remaining = target - target % 4;
  while (remaining >= 4 && chunk >= 4) {
    const uint64_t size = std::min(chunk, remaining);
    if (device.allocate_chunk(size)) {
      chunks.push_back(size);
      remaining -= size;
      continue;
    }
    if (size <= kMemtestMinChunkBytes) break;  // refused even a small one: memory is full
    chunk = std::max(kMemtestMinChunkBytes, (size / 2) & ~uint64_t{3});
  }
  return chunks;
}

void run_memtest(MemtestDevice& device, const MemtestMemory& memory,
                 const gp_memtest_params& params, gp_memtest_result& result) {
  const auto started = std::chrono::steady_clock::now();
  if (params.struct_size < sizeof(gp_memtest_params))
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "gp_memtest_params.struct_size is too small");
  if (params.passes == 0)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "the memory test needs at least one pass");
  if (params.patterns & ~GP_MEMTEST_ALL_PATTERNS)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                        "unknown memory test pattern bits " + std::to_string(params.patterns));
  if (!(params.idle_seconds >= 0 && params.idle_seconds <= 3600))
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "the retention pause must be 0 to 3600 seconds");
  const std::vector<MemtestFlip> flips = active_memtest_flips();  // malformed: refuse early
  const uint32_t patterns = params.patterns ? params.patterns : GP_MEMTEST_ALL_PATTERNS;
  const uint64_t target = memtest_target_bytes(params, memory);
  result.device_bytes = memory.total_bytes;
  result.free_bytes = memory.free_bytes;

  uint64_t max_chunk = memory.max_chunk_bytes;
  if (params.max_chunk_bytes != 0) {
    if (params.max_chunk_bytes < 4)
      throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "a chunk must hold at least one 4-byte word");
    max_chunk = max_chunk ? std::min(max_chunk, params.max_chunk_bytes) : params.max_chunk_bytes;
  }
  const std::vector<uint64_t> chunks = memtest_allocate(device, target, max_chunk);
  if (chunks.empty())
    throw plugin::Error(GP_ERR_OUT_OF_MEMORY,
                        "the device refused even a " +
                            mib(std::min(target, kMemtestMinChunkBytes)) +
                            " allocation; close what else uses its memory and try again");
  std::vector<uint64_t> start_word;
  uint64_t tested = 0;
  for (uint64_t c : chunks) {
    start_word.push_back(tested / 4);
    tested += c;
  }
  result.chunk_count = static_cast<uint32_t>(chunks.size());
  result.tested_bytes = tested;
  append_note(result, "tested " + mib(tested) + " in " + std::to_string(chunks.size()) +
                          (chunks.size() == 1 ? " allocation" : " allocations"));
  if (params.max_bytes == 0)
    append_note(result, std::string("default size: ") +
                            (memory.host_memory ? "25 % (host RAM)" : "90 %") + " of " +
                            (memory.free_bytes ? "free" : "total") + " memory");
  if (tested < target) append_note(result, "the driver refused the other " + mib(target - tested));
  const std::vector<FlipTarget> flip_targets = place_flips(flips, start_word, tested);
  if (!flips.empty())
    append_note(result, "FAULT INJECTED: memtest_flip at " + std::to_string(flips.size()) +
                            " word(s) (GPUPROBE_FAULT, for tests only)");

  std::vector<uint32_t> selected;
  for (uint32_t p = 0; p < GP_MEMTEST_PATTERN_COUNT; ++p)
    if (patterns & (1u << p)) selected.push_back(p);
  size_t total_actions = 0, done_actions = 0;
  for (uint32_t p : selected) total_actions += pattern_actions(p, 0, params).size();
  total_actions *= params.passes;

  for (uint32_t pass = 0; pass < params.passes; ++pass) {
    for (uint32_t pattern : selected) {
      for (const Action& action : pattern_actions(pattern, pass, params)) {
        if (cancelled(params)) {
          result.seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          throw plugin::Error(GP_ERR_CANCELLED, "memory test cancelled after " +
                                                    std::to_string(result.passes_done) +
                                                    " complete pass(es)");
        }
        if (params.progress) {
          const std::string step = "pass " + std::to_string(pass + 1) + "/" +
                                   std::to_string(params.passes) + ": " +
                                   gp_memtest_pattern_name(pattern);
          params.progress(params.progress_user,
                          static_cast<double>(done_actions) / static_cast<double>(total_actions),
                          step.c_str());
        }
        ++done_actions;
        if (action.kind == Action::Pause) {
          pause(params.idle_seconds, params);
          continue;
        }
        if (action.kind == Action::Verify)
          for (const FlipTarget& f : flip_targets) device.flip(f.chunk, f.word, f.mask);
        for (size_t c = 0; c < chunks.size(); ++c) {
          const uint32_t base_lo = static_cast<uint32_t>(start_word[c]);
          if (action.kind == Action::Fill) {
            device.fill(c, action.sweep, base_lo);
            continue;
          }
          const MemtestVerifyOutcome outcome = device.verify(c, action.sweep, base_lo);
          result.words_checked += chunks[c] / 4;
          result.error_count += outcome.errors;
          for (const MemtestDeviceFailure& f : outcome.failures) {
            if (result.failure_count >= GP_MEMTEST_MAX_FAILURES) break;
            result.failures[result.failure_count++] = {(start_word[c] + f.word) * 4, f.expected,
                                                       f.got, pattern, pass};
          }
        }
      }
    }
    ++result.passes_done;
  }
  if (params.progress) params.progress(params.progress_user, 1.0, "done");
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace gpuprobe::kit
