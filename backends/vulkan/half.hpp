// IEEE binary16 <-> float on the host, for fp16 matmul inputs and for replaying the fp16
// compute kernel. Round-to-nearest-even, as a device's conversion does.
#pragma once

#include <cstdint>

namespace gpuprobe::vk {

uint16_t float_to_half(float value);
float half_to_float(uint16_t bits);
// value rounded to the nearest fp16 and back.
inline float round_to_half(float value) { return half_to_float(float_to_half(value)); }

}  // namespace gpuprobe::vk
