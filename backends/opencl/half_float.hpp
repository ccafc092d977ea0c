// IEEE binary16 on the host, for the fp16 kernels: conversions to and from the 16-bit
// storage format, and rounding of a double to the nearest half value (ties to even), which
// lets the host replay fp16 arithmetic exactly: a half x half product is exact in double,
// so round_to_half(x * a + b) is a correctly rounded fp16 fma.
#pragma once

#include <cmath>
#include <cstdint>

namespace gpuprobe::opencl::half_float {

// Nearest binary16 value (as a double), ties to even; beyond the largest half -> infinity.
inline double round_to_half(double v) {
  if (!std::isfinite(v) || v == 0.0) return v;
  const double magnitude = std::fabs(v);
  // Spacing of half values around v: 2^(e - 10) for normals (e = exponent), 2^-24 below
  // the smallest normal 2^-14.
  const int exponent = std::ilogb(magnitude);
  const double quantum = std::ldexp(1.0, (exponent < -14 ? -14 : exponent) - 10);
  const double rounded = std::nearbyint(v / quantum) * quantum;  // default mode: ties to even
  return std::fabs(rounded) > 65504.0 ? std::copysign(INFINITY, v) : rounded;
}

// Bits of round_to_half(v).
inline uint16_t to_bits(double v) {
  const double h = round_to_half(v);
  const uint16_t sign = std::signbit(h) ? 0x8000 : 0;
  const double m = std::fabs(h);
  if (std::isnan(h)) return 0x7e00;
  if (std::isinf(h)) return sign | 0x7c00;
  if (m == 0.0) return sign;
  const int exponent = std::ilogb(m);
  if (exponent < -14)  // subnormal: multiples of 2^-24
    return sign | static_cast<uint16_t>(std::ldexp(m, 24));
  const uint16_t mantissa = static_cast<uint16_t>(std::ldexp(m, 10 - exponent) - 1024.0);
  return sign | static_cast<uint16_t>((exponent + 15) << 10) | mantissa;
}

inline double from_bits(uint16_t bits) {
  const double sign = (bits & 0x8000) ? -1.0 : 1.0;
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);
  if (exponent == 31) return mantissa ? NAN : sign * INFINITY;
  return sign * std::ldexp(1024 + mantissa, exponent - 25);
}

}  // namespace gpuprobe::opencl::half_float
