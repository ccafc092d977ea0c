// Matmul precisions: the gp_precision values of the plugin ABI and the names they carry on
// the command line, in result files and in reports. Header-only, so plugins (which link the
// backend kit, not the core) name a precision the same way the core does.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gpuprobe/plugin.h"

namespace gpuprobe {

struct PrecisionName {
  gp_precision id;
  std::string_view name;     // "tf32": command line, result files (part of the schema)
  std::string_view meaning;  // what goes in and what accumulates
};

// Ladder order: the fp32 baseline, then each tensor-core format from widest to narrowest.
inline constexpr std::array<PrecisionName, GP_PRECISION_COUNT> kPrecisions{{
    {GP_PRECISION_FP32, "fp32", "fp32 inputs, fp32 accumulate"},
    {GP_PRECISION_TF32, "tf32", "fp32 inputs rounded to tf32 by the device, fp32 accumulate"},
    {GP_PRECISION_FP16, "fp16", "fp16 inputs"},
    {GP_PRECISION_BF16, "bf16", "bf16 inputs, fp32 accumulate"},
    {GP_PRECISION_INT8, "int8", "int8 inputs, int32 accumulate"},
}};

// "fp32" ... "int8"; "" for a value no version of the ABI defines.
constexpr std::string_view precision_name(uint32_t precision) {
  for (const auto& p : kPrecisions)
    if (uint32_t(p.id) == precision) return p.name;
  return {};
}

constexpr std::optional<gp_precision> precision_from_name(std::string_view name) {
  for (const auto& p : kPrecisions)
    if (p.name == name) return p.id;
  return std::nullopt;
}

// Position in the ladder order (kPrecisions); past the end for an unknown name.
constexpr size_t precision_rank(std::string_view name) {
  for (size_t i = 0; i < kPrecisions.size(); ++i)
    if (kPrecisions[i].name == name) return i;
  return kPrecisions.size();
}

// "fp32, tf32, fp16, bf16, int8": for messages that list what is accepted.
inline std::string precision_names_text() {
  std::string text;
  for (const auto& p : kPrecisions) {
    if (!text.empty()) text += ", ";
    text += p.name;
  }
  return text;
}

// The reason a backend gives for a matmul precision it has no code for: "OpenCL: no tf32
// matmul (tf32, bf16 and int8 run through cuBLAS on NVIDIA tensor cores)".
inline std::string precision_unsupported_reason(std::string_view backend, uint32_t precision) {
  const std::string_view name = precision_name(precision);
  if (name.empty())
    return std::string(backend) + ": unknown matmul precision " + std::to_string(precision);
  return std::string(backend) + ": no " + std::string(name) +
         " matmul (tf32, bf16 and int8 run through cuBLAS on NVIDIA tensor cores)";
}

}  // namespace gpuprobe
