#include "kit/checks.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/reference.hpp"

namespace gpuprobe::kit {

void begin_checks(gp_run_result& result) { result.verification = GP_VERIFY_PASSED; }

void fail_check(gp_run_result& result, const std::string& why) {
  if (result.verification != GP_VERIFY_FAILED) plugin::append_note(&result, why);
  result.verification = GP_VERIFY_FAILED;
}

void poison_words(uint32_t* data, uint64_t count, uint32_t word) {
  std::fill(data, data + count, word);
}

float poison_float() { return std::bit_cast<float>(kPoisonFloatBits); }
double poison_double() { return std::bit_cast<double>(uint64_t{0x7FF8DEAD00000000ull}); }

void check_launch_tally(gp_run_result& result, uint32_t observed, const Ledger& ledger,
                        const gp_run_params& params, uint64_t extra_launches) {
  const uint64_t timed = ledger.launches - params.warmup;
  const auto expected = static_cast<uint32_t>(timed + extra_launches);
  if (observed == expected) return;
  std::string why = "launch tally is " + std::to_string(observed) + ", expected " +
                    std::to_string(expected) + " (" + std::to_string(timed) + " timed launches";
  if (extra_launches != 0) why += " + " + std::to_string(extra_launches) + " leading launches";
  fail_check(result, why + "): a launch did not run");
}

uint32_t accumulated_total(uint64_t slots, uint64_t launches, uint32_t per_launch) {
  return static_cast<uint32_t>(slots) * kPoisonWord + static_cast<uint32_t>(launches) * per_launch;
}

double exact_step(uint32_t iterations) {
  int exponent = 0;
  while ((uint64_t{1} << exponent) < iterations) ++exponent;
  return std::ldexp(1.0, -exponent);
}

AffineU32 affine_power(uint32_t a, uint32_t b, uint64_t n) {
  AffineU32 result, power{a, b};  // result: identity; power: one step
  while (n != 0) {
    if (n & 1u) result = {power.mul * result.mul, power.mul * result.add + power.add};
    power = {power.mul * power.mul, power.mul * power.add + power.add};
    n >>= 1;
  }
  return result;
}

void fill_matmul_inputs(float* data, uint64_t count, uint32_t seed) {
  for (uint64_t i = 0; i < count; ++i)
    data[i] = static_cast<float>(4 + (reference::random_word(seed, i) & 3u)) * 0.125f;
}

namespace {

// Largest |a b| is 49/64 and products are multiples of 1/64: partial sums of k products
// need log2(k * 49) + 1 significand bits to stay exact (alpha is a power of two).
int bits_for_exact_sums(uint64_t k) {
  int bits = 1;
  while ((uint64_t{1} << bits) < k * 49u * 2u) ++bits;
  return bits;
}

double gamma(uint64_t k, int bits) {
  const double u = std::ldexp(1.0, -bits);
  const double ku = static_cast<double>(k) * u;
  return ku < 1 ? ku / (1 - ku) : INFINITY;
}

}  // namespace

void check_matmul(gp_run_result& result, const float* a, const float* b, const float* c, uint64_t m,
                  uint64_t n, uint64_t k, float alpha, int accumulator_bits, int output_bits,
                  uint32_t seed, uint32_t samples) {
  char text[200];
  for (uint64_t i = 0; i < m * n; ++i) {
    if (!std::isfinite(c[i])) {
      std::snprintf(text, sizeof text, "C[%llu][%llu] = %g: never written or overflowed",
                    static_cast<unsigned long long>(i / n), static_cast<unsigned long long>(i % n),
                    double(c[i]));
      fail_check(result, text);
      return;
    }
  }
  const int needed = bits_for_exact_sums(k);
  const double sum_gamma = needed <= accumulator_bits ? 0.0 : gamma(k, accumulator_bits);
  const double out_u = needed <= output_bits ? 0.0 : std::ldexp(1.0, -output_bits);
  // Inputs are positive, so sum |a b| is the exact value itself.
  auto tolerance = [&](double exact) { return (sum_gamma + out_u) * exact; };

  // Row sums: sum_j C[i][j] = alpha * sum_l A[i][l] * (sum_j B[l][j]).
  std::vector<double> b_row_sums(k, 0.0), a_col_sums(k, 0.0);
  for (uint64_t l = 0; l < k; ++l)
    for (uint64_t j = 0; j < n; ++j) b_row_sums[l] += b[l * n + j];
  for (uint64_t i = 0; i < m; ++i)
    for (uint64_t l = 0; l < k; ++l) a_col_sums[l] += a[i * k + l];
  // One comparison for every kind of check (a row sum, a column sum, a single entry); the
  // description is written only for a failure.
  auto matches = [&](double got, double want, auto&& describe) {
    want *= alpha;
    if (std::fabs(got - want) <= tolerance(want)) return true;
    char what[80];
    describe(what, sizeof what);
    std::snprintf(text, sizeof text, "%s is %.17g, expected %.17g (tolerance %.3g)", what, got,
                  want, tolerance(want));
    fail_check(result, text);
    return false;
  };
  using ull = unsigned long long;
  for (uint64_t i = 0; i < m; ++i) {
    double want = 0, got = 0;
    for (uint64_t l = 0; l < k; ++l) want += double(a[i * k + l]) * b_row_sums[l];
    for (uint64_t j = 0; j < n; ++j) got += c[i * n + j];
    if (!matches(got, want, [&](char* w, size_t size) {
          std::snprintf(w, size, "the sum of row %llu of C", ull(i));
        }))
      return;
  }
  for (uint64_t j = 0; j < n; ++j) {
    double want = 0, got = 0;
    for (uint64_t l = 0; l < k; ++l) want += a_col_sums[l] * double(b[l * n + j]);
    for (uint64_t i = 0; i < m; ++i) got += c[i * n + j];
    if (!matches(got, want, [&](char* w, size_t size) {
          std::snprintf(w, size, "the sum of column %llu of C", ull(j));
        }))
      return;
  }
  for (uint32_t s = 0; s < samples; ++s) {
    const uint64_t row = reference::random_word(seed, 2ull * s) % m;
    const uint64_t col = reference::random_word(seed, 2ull * s + 1) % n;
    double want = 0;
    for (uint64_t l = 0; l < k; ++l) want += double(a[row * k + l]) * double(b[l * n + col]);
    if (!matches(c[row * n + col], want, [&](char* w, size_t size) {
          std::snprintf(w, size, "C[%llu][%llu]", ull(row), ull(col));
        }))
      return;
  }
}

}  // namespace gpuprobe::kit
