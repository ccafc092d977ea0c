#include "gpuprobe/reference.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace gpuprobe::reference;

TEST(Reference, SattoloCycleVisitsEveryNodeOnce) {
  const uint32_t nodes = 4096;
  const auto next = sattolo_cycle(nodes, 7);
  std::set<uint32_t> seen;
  uint32_t node = 0;
  for (uint32_t i = 0; i < nodes; ++i) {
    EXPECT_TRUE(seen.insert(node).second) << "node " << node << " visited twice";
    node = next[node];
  }
  EXPECT_EQ(node, 0u) << "the chase must return to its start after exactly `nodes` steps";
}

TEST(Reference, RandomSumMatchesFilledBuffer) {
  std::vector<uint32_t> data(3'000'001);
  fill_random_words(data.data(), data.size(), 99);
  uint32_t sum = 0;
  for (uint32_t w : data) sum += w;
  EXPECT_EQ(sum, sum_random_words(99, data.size()));
  EXPECT_EQ(first_random_mismatch(data.data(), data.size(), 99), data.size());
  data[1234] ^= 1;
  EXPECT_EQ(first_random_mismatch(data.data(), data.size(), 99), 1234u);
}

TEST(Reference, MatmulCheckCatchesAWrongEntry) {
  const uint64_t n = 64;
  std::vector<float> a(n * n), b(n * n), c(n * n, 0.0f);
  fill_random_floats(a.data(), a.size(), 1);
  fill_random_floats(b.data(), b.size(), 2);
  for (uint64_t i = 0; i < n; ++i)
    for (uint64_t j = 0; j < n; ++j)
      for (uint64_t k = 0; k < n; ++k) c[i * n + j] += a[i * n + k] * b[k * n + j];
  EXPECT_EQ(check_matmul_samples(a.data(), b.data(), c.data(), n, n, n, 4096, 3, 1e-6), "");
  c[5 * n + 9] += 0.5f;
  EXPECT_NE(check_matmul_samples(a.data(), b.data(), c.data(), n, n, n, 4096, 3, 1e-6), "");
}
