// C++ helpers for writing a backend plugin: owned capability lists, the per-thread error
// message behind last_error(), and conversions that never let an exception out of the ABI.
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "gpuprobe/plugin.h"
#include "gpuprobe/utf8.hpp"

namespace gpuprobe::plugin {

// Owns the strings behind a gp_info_entry array; entries stay valid while it lives.
class InfoList {
 public:
  void add_int(const char* key, int64_t value, const char* unit = "") {
    push(key, GP_VALUE_INT, value, 0.0, nullptr, unit);
  }
  void add_bool(const char* key, bool value) {
    push(key, GP_VALUE_BOOL, value ? 1 : 0, 0.0, nullptr, "");
  }
  void add_float(const char* key, double value, const char* unit = "") {
    push(key, GP_VALUE_FLOAT, 0, value, nullptr, unit);
  }
  void add_string(const char* key, std::string value) {
    strings_.push_back(std::move(value));
    push(key, GP_VALUE_STRING, 0, 0.0, strings_.back().c_str(), "");
  }
  const gp_info_entry* data() const { return entries_.data(); }
  uint32_t size() const { return static_cast<uint32_t>(entries_.size()); }

 private:
  void push(const char* key, gp_value_type type, int64_t i, double f, const char* s,
            const char* unit) {
    keys_.emplace_back(key);
    units_.emplace_back(unit ? unit : "");
    entries_.push_back({keys_.back().c_str(), type, i, f, s, units_.back().c_str()});
  }
  // deques: growing them never moves existing strings, so c_str() pointers stay valid.
  std::deque<std::string> keys_, units_, strings_;
  std::vector<gp_info_entry> entries_;
};

// Per-thread message for last_error().
inline std::string& last_error_message() {
  thread_local std::string message;
  return message;
}

inline gp_status fail(gp_status status, std::string message) {
  last_error_message() = std::move(message);
  return status;
}

inline const char* last_error() { return last_error_message().c_str(); }

// Error carrying a status, thrown inside a plugin and turned into a status at the ABI.
struct Error : std::exception {
  Error(gp_status s, std::string m) : status(s), message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  gp_status status;
  std::string message;
};

// Run `body` and convert any exception into a status + last_error().
template <typename Fn>
gp_status guard(Fn&& body) noexcept {
  try {
    return body();
  } catch (const Error& e) {
    return fail(e.status, e.message);
  } catch (const std::bad_alloc&) {
    return fail(GP_ERR_OUT_OF_MEMORY, "host allocation failed (std::bad_alloc)");
  } catch (const std::exception& e) {
    return fail(GP_ERR_INTERNAL, e.what());
  } catch (...) {
    return fail(GP_ERR_INTERNAL, "unknown exception inside plugin");
  }
}

// Copies text into a fixed array of the ABI, NUL-terminated and cut between characters (a cut
// inside one would leave bytes that are not UTF-8 in every result file).
inline void copy_text(char* out, size_t capacity, std::string_view text) {
  if (capacity == 0) return;
  const size_t n = utf8_cut(text, capacity - 1);
  std::memcpy(out, text.data(), n);
  out[n] = '\0';
}

// Append text to a result's note, separated by "; ", truncating safely.
inline void append_note(gp_run_result* result, const std::string& text) {
  std::string note(result->note, strnlen(result->note, sizeof result->note));
  if (!note.empty()) note += "; ";
  note += text;
  copy_text(result->note, sizeof result->note, note);
}

// The flag is set from another thread (the core's Session::cancel is an atomic store), so it
// is read atomically too: a plain volatile read is a data race (ThreadSanitizer reported it).
// Relaxed: the flag publishes no other data.
inline bool cancelled(const gp_run_params* params) {
  return params->cancel != nullptr && __atomic_load_n(params->cancel, __ATOMIC_RELAXED) != 0;
}

}  // namespace gpuprobe::plugin
