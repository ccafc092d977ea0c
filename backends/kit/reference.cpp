#include "gpuprobe/reference.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

namespace gpuprobe::reference {
namespace {

// Split [0, count) over the host's cores; small ranges stay on the calling thread.
template <typename Fn>
void parallel_ranges(uint64_t count, Fn&& fn) {
  const uint64_t min_per_thread = uint64_t{1} << 20;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<uint64_t>(threads, count / min_per_thread + 1));
  if (threads <= 1) {
    fn(0, count, 0);
    return;
  }
  std::vector<std::thread> pool;
  const uint64_t chunk = (count + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    const uint64_t begin = std::min(count, t * chunk);
    const uint64_t end = std::min(count, begin + chunk);
    pool.emplace_back([&fn, begin, end, t] { fn(begin, end, t); });
  }
  for (auto& th : pool) th.join();
}

}  // namespace

uint32_t random_word(uint32_t seed, uint64_t index) {
  // splitmix64 finaliser over (seed, index): full avalanche, no state.
  uint64_t z = index + (uint64_t{seed} << 32) + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<uint32_t>((z ^ (z >> 31)) >> 16);
}

void fill_random_words(uint32_t* data, uint64_t count, uint32_t seed) {
  parallel_ranges(count, [&](uint64_t begin, uint64_t end, unsigned) {
    for (uint64_t i = begin; i < end; ++i) data[i] = random_word(seed, i);
  });
}

uint32_t sum_random_words(uint32_t seed, uint64_t count) {
  std::vector<uint32_t> partial(std::max(1u, std::thread::hardware_concurrency()), 0);
  parallel_ranges(count, [&](uint64_t begin, uint64_t end, unsigned t) {
    uint32_t s = 0;
    for (uint64_t i = begin; i < end; ++i) s += random_word(seed, i);
    partial[t] = s;
  });
  uint32_t total = 0;
  for (uint32_t s : partial) total += s;
  return total;
}

uint64_t first_write_mismatch(const uint32_t* data, uint64_t count, uint32_t seed) {
  for (uint64_t i = 0; i < count; ++i)
    if (data[i] != write_pattern(seed, i)) return i;
  return count;
}

uint64_t first_random_mismatch(const uint32_t* data, uint64_t count, uint32_t seed) {
  for (uint64_t i = 0; i < count; ++i)
    if (data[i] != random_word(seed, i)) return i;
  return count;
}

std::vector<uint32_t> sattolo_cycle(uint32_t nodes, uint32_t seed) {
  std::vector<uint32_t> order(nodes);
  for (uint32_t i = 0; i < nodes; ++i) order[i] = i;
  // Sattolo: j < i strictly, which yields one cycle of length `nodes`.
  for (uint32_t i = nodes - 1; i > 0; --i) {
    const uint32_t j = static_cast<uint32_t>(random_word(seed, i) % i);
    std::swap(order[i], order[j]);
  }
  std::vector<uint32_t> next(nodes);
  for (uint32_t i = 0; i < nodes; ++i) next[order[i]] = order[(i + 1) % nodes];
  return next;
}

uint32_t chase(const std::vector<uint32_t>& next, uint32_t start, uint64_t steps) {
  uint32_t node = start;
  for (uint64_t s = 0; s < steps; ++s) node = next[node];
  return node;
}

std::string check_matmul_samples(const float* a, const float* b, const float* c, uint64_t m,
                                 uint64_t n, uint64_t k, uint32_t samples, uint32_t seed,
                                 double epsilon_per_k) {
  for (uint32_t s = 0; s < samples; ++s) {
    const uint64_t row = random_word(seed, 2ull * s) % m;
    const uint64_t col = random_word(seed, 2ull * s + 1) % n;
    double expected = 0.0, magnitude = 0.0;
    for (uint64_t i = 0; i < k; ++i) {
      const double p = double(a[row * k + i]) * double(b[i * n + col]);
      expected += p;
      magnitude += std::fabs(p);
    }
    const double got = c[row * n + col];
    const double tolerance = epsilon_per_k * double(k) * std::max(1.0, magnitude / double(k));
    if (!(std::fabs(got - expected) <= tolerance)) {
      char msg[200];
      std::snprintf(msg, sizeof msg, "C[%llu][%llu] = %.6g, expected %.6g (tolerance %.3g)",
                    static_cast<unsigned long long>(row), static_cast<unsigned long long>(col), got,
                    expected, tolerance);
      return msg;
    }
  }
  return {};
}

void fill_random_floats(float* data, uint64_t count, uint32_t seed) {
  parallel_ranges(count, [&](uint64_t begin, uint64_t end, unsigned) {
    for (uint64_t i = begin; i < end; ++i)
      data[i] = float(random_word(seed, i) >> 8) * (2.0f / 16777216.0f) - 1.0f;
  });
}

}  // namespace gpuprobe::reference
