// Text from outside (a file, an option, a driver) quoted in a message: control characters
// and bytes that are not UTF-8 are escaped, so nothing echoed can move the cursor, ring the
// terminal or break a JSON writer, and a long text is shortened so one bad string cannot
// fill a terminal or push a dialog's OK button off screen. Header-only: the plugins use it too.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "gpuprobe/utf8.hpp"

namespace gpuprobe {

// `text` with \n, \t, \r, \\xNN escapes for control characters and invalid bytes, cut after
// about `max_bytes` of input with "... (N bytes in all)" appended.
inline std::string printable(std::string_view text, size_t max_bytes = 120) {
  std::string out;
  size_t i = 0;
  for (; i < text.size() && i < max_bytes;) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += char(c);
      ++i;
    } else if (c == '\n') {
      out += "\\n", ++i;
    } else if (c == '\t') {
      out += "\\t", ++i;
    } else if (c == '\r') {
      out += "\\r", ++i;
    } else if (const Utf8Step step = utf8_step(text, i); c >= 0x80 && step.valid) {
      out.append(text.substr(i, step.bytes));
      i += step.bytes;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", unsigned(c));
      out += hex;
      ++i;
    }
  }
  if (i < text.size()) out += "... (" + std::to_string(text.size()) + " bytes in all)";
  return out;
}

}  // namespace gpuprobe
