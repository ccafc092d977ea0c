// Text that cannot break the writer: cut only between characters, and replace what is not
// UTF-8 (a driver's device name or build log, a plugin directory's name) by U+FFFD.
// Header-only, so plugins use it through plugin_support.hpp without linking the core.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gpuprobe {

// One step of decoding at s[at]: the bytes a character takes and whether it is well formed.
// Ill-formed input steps over its "maximal subpart" (Unicode 15, section 3.9: the longest
// start of a sequence that could still have become a character, else one byte), so each such
// part becomes exactly one U+FFFD. Well formed is Table 3-7 of the standard: no overlong
// forms (C0, C1, E0 80..9F, F0 80..8F), no surrogates (ED A0..BF), nothing above U+10FFFF.
struct Utf8Step {
  size_t bytes = 1;
  bool valid = true;
};

inline Utf8Step utf8_step(std::string_view s, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {1, true};
  size_t continuation = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the first continuation byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead == 0xE0) {
    continuation = 2, low = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    continuation = 2;
  } else if (lead == 0xED) {
    continuation = 2, high = 0x9F;
  } else if (lead == 0xF0) {
    continuation = 3, low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    continuation = 3;
  } else if (lead == 0xF4) {
    continuation = 3, high = 0x8F;
  } else {
    return {1, false};  // 80..C1 and F5..FF never start a character
  }
  for (size_t k = 1; k <= continuation; ++k) {
    if (at + k >= s.size()) return {k, false};
    const unsigned char b = byte(at + k);
    if (b < low || b > high) return {k, false};
    low = 0x80, high = 0xBF;
  }
  return {continuation + 1, true};
}

inline bool utf8_is_valid(std::string_view s) {
  for (size_t at = 0; at < s.size();) {
    const Utf8Step step = utf8_step(s, at);
    if (!step.valid) return false;
    at += step.bytes;
  }
  return true;
}

// `s` with every ill-formed part replaced by U+FFFD; well-formed text comes back unchanged.
inline std::string utf8_sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t at = 0; at < s.size();) {
    const Utf8Step step = utf8_step(s, at);
    if (step.valid)
      out.append(s.substr(at, step.bytes));
    else
      out.append("\xEF\xBF\xBD");
    at += step.bytes;
  }
  return out;
}

// The longest start of `s` of at most max_bytes that does not end inside a character.
// Well-formed text stays well formed; ill-formed parts before the cut are kept as they
// are (utf8_sanitize replaces them).
inline size_t utf8_cut(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  size_t at = 0;
  while (at < s.size()) {
    const size_t next = at + utf8_step(s, at).bytes;
    if (next > max_bytes) break;
    at = next;
  }
  return at;
}

inline std::string utf8_truncate(std::string_view s, size_t max_bytes) {
  return std::string(s.substr(0, utf8_cut(s, max_bytes)));
}

}  // namespace gpuprobe
