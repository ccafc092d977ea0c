// IEEE binary16 bits on the host, for the fp16 matmul inputs and outputs of the CUDA
// kernels (naive, tiled, tensor): the kit's inputs and alphas are exact in half, so the
// conversions need no rounding.
#pragma once

#include <cstdint>
#include <cstring>

namespace gpuprobe::cuda {

// IEEE binary16 from a float that is exact in it (the kit's inputs and alphas are).
inline uint16_t half_bits(float value) {
  uint32_t f = 0;
  std::memcpy(&f, &value, 4);
  const uint32_t sign = (f >> 16) & 0x8000u;
  const int exponent = static_cast<int>((f >> 23) & 0xFF) - 127 + 15;
  const uint32_t mantissa = f & 0x7FFFFFu;
  if ((f & 0x7FFFFFFFu) == 0) return static_cast<uint16_t>(sign);
  if (exponent <= 0) {  // subnormal in half
    const uint32_t m = (mantissa | 0x800000u) >> (14 - exponent);
    return static_cast<uint16_t>(sign | m);
  }
  return static_cast<uint16_t>(sign | (static_cast<uint32_t>(exponent) << 10) | (mantissa >> 13));
}
inline float half_value(uint16_t h) {
  const uint32_t sign = (h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FFu;
  uint32_t f = 0;
  if (exponent == 0x1F) {
    f = sign | 0x7F800000u | (mantissa << 13);
  } else if (exponent == 0) {
    float v = static_cast<float>(mantissa) / 16777216.0f;  // 2^-24
    return sign ? -v : v;
  } else {
    f = sign | ((exponent - 15 + 127) << 23) | (mantissa << 13);
  }
  float v = 0;
  std::memcpy(&v, &f, 4);
  return v;
}

}  // namespace gpuprobe::cuda
