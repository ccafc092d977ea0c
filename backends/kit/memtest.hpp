// The VRAM integrity test's mechanism, once for every backend (include/gpuprobe/memtest.h):
// how much to test, chunked allocation with halving, the sweeps of each pattern, cancel and
// progress between sweeps, the test-only bit flips between fill and verify, and the result.
// A backend supplies a MemtestDevice: allocate a chunk, fill it, verify it on the device,
// flip a word. The words each sweep writes are defined by memtest_word() below; the device
// sources (shaders/memtest.cl, .comp, .cu) compute the same function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gpuprobe/memtest.h"

namespace gpuprobe::kit {

// What a fill or verify sweep writes in each word; `code` is the device-side generator.
enum MemtestWordCode : uint32_t {
  kWordAddress = 0,   // the word's address (low 32 bits of its word index) xor salt
  kWordWalkOne = 1,   // 1 << ((address + salt) & 31)
  kWordWalkZero = 2,  // ~(1 << ((address + salt) & 31))
  kWordRandom = 3,    // a 32-bit hash of address and salt
};

// The word a sweep expects at word index `address_lo` (low 32 bits); every dialect mirrors
// it bit for bit (the CPU backend uses this very function).
inline uint32_t memtest_word(uint32_t code, uint32_t address_lo, uint32_t salt) {
  switch (code) {
    case kWordAddress:
      return address_lo ^ salt;
    case kWordWalkOne:
      return 1u << ((address_lo + salt) & 31u);
    case kWordWalkZero:
      return ~(1u << ((address_lo + salt) & 31u));
    default: {  // kWordRandom: lowbias32 (Chris Wellons) of a Weyl step, cheap and well mixed
      uint32_t x = address_lo * 0x9E3779B1u + salt;
      x ^= x >> 16;
      x *= 0x7FEB352Du;
      x ^= x >> 15;
      x *= 0x846CA68Bu;
      x ^= x >> 16;
      return x;
    }
  }
}

// One sweep over a chunk. Fill writes memtest_word(code, base + i, salt) ^ expect_xor; verify
// compares with the same and, with write_complement, stores its complement (moving
// inversions: the next sweep expects expect_xor ^ ~0).
struct MemtestSweep {
  uint32_t code = kWordAddress;
  uint32_t salt = 0;
  uint32_t expect_xor = 0;
  bool write_complement = false;
};

// Failures a device records per verify call (the rest it only counts).
inline constexpr uint32_t kMemtestDeviceRecords = GP_MEMTEST_MAX_FAILURES;

struct MemtestDeviceFailure {
  uint32_t word = 0;  // index within the chunk
  uint32_t expected = 0;
  uint32_t got = 0;
};

struct MemtestVerifyOutcome {
  uint64_t errors = 0;                         // every mismatching word
  std::vector<MemtestDeviceFailure> failures;  // the first ones, at most kMemtestDeviceRecords
};

class MemtestDevice {
 public:
  virtual ~MemtestDevice() = default;
  // One more chunk of `bytes` (a multiple of 4, <= max_chunk_bytes); false when the driver
  // refuses it (out of memory), throws on other failures.
  virtual bool allocate_chunk(uint64_t bytes) = 0;
  // `base_lo`: low 32 bits of the chunk's first word index in the tested memory.
  virtual void fill(size_t chunk, const MemtestSweep& sweep, uint32_t base_lo) = 0;
  virtual MemtestVerifyOutcome verify(size_t chunk, const MemtestSweep& sweep,
                                      uint32_t base_lo) = 0;
  // Test-only (GPUPROBE_FAULT=memtest_flip): xor `mask` into word `word` of `chunk`.
  virtual void flip(size_t chunk, uint64_t word, uint32_t mask) = 0;
};

// What the driver says about the device's memory.
struct MemtestMemory {
  uint64_t total_bytes = 0;      // device memory (0: unknown)
  uint64_t free_bytes = 0;       // free now (0: the driver has no figure)
  uint64_t max_chunk_bytes = 0;  // largest single allocation the API allows
  bool host_memory = false;      // the device's memory is the host's RAM (CPU, PoCL, lavapipe)
};

// Share of free (else total) memory tested by default; a device whose memory is the host's
// RAM gets a smaller share, since the system and its other processes live there too.
inline constexpr double kMemtestDefaultShare = 0.90;
inline constexpr double kMemtestHostDefaultShare = 0.25;

// Bytes to test: params.max_bytes (checked against the device) or the default share,
// rounded down to whole words. Throws plugin::Error(GP_ERR_INVALID_ARGUMENT) for more than
// the device has.
uint64_t memtest_target_bytes(const gp_memtest_params& params, const MemtestMemory& memory);

// Allocates up to `target` bytes in chunks of at most max_chunk_bytes, halving a chunk the
// driver refuses down to kMemtestMinChunkBytes. Returns the chunk sizes (empty: none fit).
inline constexpr uint64_t kMemtestMinChunkBytes = uint64_t{1} << 16;
std::vector<uint64_t> memtest_allocate(MemtestDevice& device, uint64_t target,
                                       uint64_t max_chunk_bytes);

// The whole test: validates params, allocates, runs every selected pattern `passes` times,
// fills `result` (which the caller has zeroed). Throws plugin::Error; cancel throws
// GP_ERR_CANCELLED after filling what was done.
void run_memtest(MemtestDevice& device, const MemtestMemory& memory,
                 const gp_memtest_params& params, gp_memtest_result& result);

}  // namespace gpuprobe::kit
