// Host reference shared by every backend: the random fill, the expected results and the
// checks. A backend links the static library gpuprobe_reference and verifies its own
// output with these functions before a timing counts, so "verified" means the same thing
// on every API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gpuprobe::reference {

// Counter-based hash: element i of a buffer filled with `seed` is random_word(seed, i).
// Random words cannot be compressed by the memory system, and any backend (or a device
// kernel) can recompute one element without the whole buffer.
uint32_t random_word(uint32_t seed, uint64_t index);

// Fill `count` words with random_word(seed, i); uses all host cores for big buffers.
void fill_random_words(uint32_t* data, uint64_t count, uint32_t seed);

// Wrap-around (mod 2^32) sum of random_word(seed, i) for i in [0, count). The read kernels
// sum in uint32, which is exact, so a single skipped or doubled element is detected.
uint32_t sum_random_words(uint32_t seed, uint64_t count);

// What the write kernel stores at element i: cheap on a device (one multiply, one xor)
// so the kernel stays store-bound.
inline uint32_t write_pattern(uint32_t seed, uint64_t index) {
  return static_cast<uint32_t>(index) * 2654435761u ^ seed;
}

// First index i < count where data[i] != write_pattern(seed, i), or count if all match.
uint64_t first_write_mismatch(const uint32_t* data, uint64_t count, uint32_t seed);
// First index i < count where data[i] != random_word(seed, i), or count if all match.
uint64_t first_random_mismatch(const uint32_t* data, uint64_t count, uint32_t seed);

// Pointer chase: a single random cycle through all `nodes` (Sattolo's algorithm), so a
// chase started anywhere visits every node before it returns. next[i] is the successor.
std::vector<uint32_t> sattolo_cycle(uint32_t nodes, uint32_t seed);
// Node reached after `steps` dependent loads starting from `start`.
uint32_t chase(const std::vector<uint32_t>& next, uint32_t start, uint64_t steps);

// Matmul check on a random sample of entries of C (row-major, C = A x B, A is m x k,
// B is k x n), in double on the host, tolerance scaled with k. Returns "" when every
// sampled entry agrees, else a message naming the first bad entry.
std::string check_matmul_samples(const float* a, const float* b, const float* c, uint64_t m,
                                 uint64_t n, uint64_t k, uint32_t samples, uint32_t seed,
                                 double epsilon_per_k);

// Random floats in [-1, 1) for matmul inputs.
void fill_random_floats(float* data, uint64_t count, uint32_t seed);

}  // namespace gpuprobe::reference
