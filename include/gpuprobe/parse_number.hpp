// Numbers typed by a user (options, environment variables): one strict parser for the CLI,
// the GUI and the plugins. No sign, no spaces, no wrap, no truncation, no NaN: a text that
// is not exactly a number in range is refused with std::invalid_argument, whose message
// names `what` (the option or variable), quotes the text (shortened, control characters
// escaped) and says what is accepted. Header-only so the plugins, which link only the
// backend kit, use the same rules as the core.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gpuprobe/printable.hpp"

namespace gpuprobe {

namespace parse_detail {

[[noreturn]] inline void refuse(std::string_view what, std::string_view text,
                                const std::string& reason) {
  throw std::invalid_argument(std::string(what) + ": '" + printable(text) + "' " + reason);
}

inline bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace parse_detail

// Decimal digits only, value in [min, max].
inline uint64_t parse_unsigned(std::string_view text, uint64_t min, uint64_t max,
                               std::string_view what) {
  const std::string range =
      "(a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ")";
  if (!parse_detail::all_digits(text)) parse_detail::refuse(what, text, "is not " + range);
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range || value > max || value < min)
    parse_detail::refuse(what, text, "is out of range " + range);
  if (error != std::errc() || end != text.data() + text.size())
    parse_detail::refuse(what, text, "is not " + range);
  return value;
}

// "4096", "4096B", "64KiB", "512MiB", "1GiB", "2TiB" (K, M, G, T alone are binary too),
// value in [min_bytes, max_bytes]; a product that would overflow is out of range.
inline uint64_t parse_size_bytes(std::string_view text, uint64_t min_bytes, uint64_t max_bytes,
                                 std::string_view what) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string_view unit = text.substr(digits);
  struct Unit {
    std::string_view name;
    uint64_t scale;
  };
  constexpr Unit kUnits[] = {{"", 1},           {"B", 1},
                             {"K", 1ull << 10}, {"KiB", 1ull << 10},
                             {"M", 1ull << 20}, {"MiB", 1ull << 20},
                             {"G", 1ull << 30}, {"GiB", 1ull << 30},
                             {"T", 1ull << 40}, {"TiB", 1ull << 40}};
  const std::string accepted = "(a size from " + std::to_string(min_bytes) + " bytes to " +
                               std::to_string(max_bytes >> 30) +
                               " GiB, e.g. 4096, 64KiB, 512MiB, 1GiB)";
  if (digits == 0) parse_detail::refuse(what, text, "is not a size " + accepted);
  uint64_t scale = 0;
  for (const Unit& u : kUnits)
    if (unit == u.name) scale = u.scale;
  if (scale == 0)
    parse_detail::refuse(what, text, "has an unknown unit (use B, KiB, MiB, GiB or TiB)");
  uint64_t count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + digits, count);
  if (error == std::errc::result_out_of_range || count > max_bytes / scale ||
      count * scale > max_bytes || count * scale < min_bytes)
    parse_detail::refuse(what, text, "is out of range " + accepted);
  if (error != std::errc() || end != text.data() + digits)
    parse_detail::refuse(what, text, "is not a size " + accepted);
  return count * scale;
}

// A finite decimal number in [min, max] ("20", "0.5", "1e3"); no sign, NaN or infinity.
inline double parse_finite_double(std::string_view text, double min, double max,
                                  std::string_view what) {
  char range[96];
  std::snprintf(range, sizeof range, "(a number from %g to %g)", min, max);
  // from_chars takes "nan", "inf" and a leading '-': only digits and '.' may start it.
  if (text.empty() || !((text[0] >= '0' && text[0] <= '9') || text[0] == '.'))
    parse_detail::refuse(what, text, std::string("is not ") + range);
  double value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (error == std::errc() && end == text.data() + text.size() && std::isfinite(value) &&
      value >= min && value <= max)
    return value;
  if (error == std::errc::result_out_of_range ||
      (error == std::errc() && end == text.data() + text.size()))
    parse_detail::refuse(what, text, std::string("is out of range ") + range);
  parse_detail::refuse(what, text, std::string("is not ") + range);
}

// "2048x1024x512": exactly `count` whole numbers in [1, max] joined by `separator`.
inline std::vector<uint64_t> parse_dimensions(std::string_view text, char separator, size_t count,
                                              uint64_t max, std::string_view what) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = std::min(text.find(separator, start), text.size());
    parts.push_back(text.substr(start, end - start));
    if (end == text.size()) break;
    start = end + 1;
  }
  bool digits = parts.size() == count;
  for (std::string_view part : parts) digits &= parse_detail::all_digits(part);
  if (!digits)
    parse_detail::refuse(what, text,
                         "is not " + std::to_string(count) + " whole numbers from 1 to " +
                             std::to_string(max) + " joined by '" + separator + "'");
  std::vector<uint64_t> out;
  for (std::string_view part : parts) {
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size() || value < 1 || value > max)
      parse_detail::refuse(
          what, text, "has a number out of range (each from 1 to " + std::to_string(max) + ")");
    out.push_back(value);
  }
  return out;
}

// "cpu:1" or "cpu": a backend name (letters, digits, '_', '-') and an optional index.
struct BackendIndexText {
  std::string backend;
  bool has_index = false;
  uint32_t index = 0;
};

inline BackendIndexText parse_backend_index(std::string_view text, uint32_t max_index,
                                            std::string_view what) {
  BackendIndexText out;
  const size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  bool name_ok = !name.empty();
  for (char c : name)
    name_ok &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
  if (!name_ok)
    parse_detail::refuse(what, text, "is not BACKEND or BACKEND:INDEX (e.g. cpu, opencl:0)");
  out.backend = std::string(name);
  if (colon != std::string_view::npos) {
    const std::string_view index = text.substr(colon + 1);
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(index.data(), index.data() + index.size(), value);
    if (!parse_detail::all_digits(index) || error == std::errc::invalid_argument)
      parse_detail::refuse(what, text, "is not BACKEND:INDEX (e.g. cpu:0)");
    if (error != std::errc() || end != index.data() + index.size() || value > max_index)
      parse_detail::refuse(what, text,
                           "has an index out of range (0 to " + std::to_string(max_index) + ")");
    out.has_index = true;
    out.index = static_cast<uint32_t>(value);
  }
  return out;
}

}  // namespace gpuprobe
