#include "result_validation.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "gpuprobe/plugin.h"
#include "gpuprobe/precision.hpp"
#include "gpuprobe/printable.hpp"
#include "gpuprobe/results.hpp"

namespace gpuprobe {
namespace {

// RFC 6901: "/devices/0/name", with "~" and "/" inside a key escaped.
std::string json_pointer_of(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& token : tokens) {
    out += '/';
    for (char c : token) out += c == '~' ? std::string("~0") : c == '/' ? "~1" : std::string(1, c);
  }
  return out.empty() ? "/" : out;
}

using nlohmann::json;

constexpr uint64_t kMaxUint32 = std::numeric_limits<uint32_t>::max();
constexpr uint64_t kMaxUint64 = std::numeric_limits<uint64_t>::max();

enum class Need { Required, Optional };

// "the string 'abc'", "the number -1", "an object": what was found, short and escaped.
std::string describe(const json& j) {
  if (j.is_string()) return "the string '" + printable(j.get_ref<const std::string&>(), 40) + "'";
  if (j.is_number() || j.is_boolean()) return "the " + std::string(j.type_name()) + " " + j.dump();
  if (j.is_null()) return "null";
  return std::string("an ") + j.type_name();  // "an object", "an array"
}

// Walks the document keeping its JSON pointer, for messages.
class Checker {
 public:
  void document(const json& doc) {
    object(doc);
    const json& schema = member(doc, "schema", Need::Required);
    {
      Scope s(*this, "schema");
      object(schema);
      const json& name = member(schema, "name", Need::Required);
      if (!name.is_string() || name.get_ref<const std::string&>() != "gpuprobe-result") {
        Scope n(*this, "name");
        fail(describe(name) + " is not 'gpuprobe-result': this is not a gpuprobe result");
      }
      // The major version first: a newer major may lay out everything else differently.
      const uint64_t major = whole(schema, "major", Need::Required, 0, kMaxUint32);
      const uint64_t minor = whole(schema, "minor", Need::Optional, 0, kMaxUint32);
      minor_ = minor;
      if (major != uint64_t(kResultSchemaMajor)) {
        Scope m(*this, "major");
        fail("result schema " + std::to_string(major) + "." + std::to_string(minor) +
             " is not supported (this gpuprobe reads " + std::to_string(kResultSchemaMajor) +
             ".x); use a matching gpuprobe version");
      }
    }
    {
      const json& tool = member(doc, "tool", Need::Required);
      Scope s(*this, "tool");
      object(tool);
      text(tool, "version", Need::Required);
    }
    text(doc, "started_utc", Need::Optional);
    text(doc, "mode", Need::Optional);
    if (doc.contains("origin")) {
      const json& o = doc.at("origin");
      Scope s(*this, "origin");
      object(o);
      text(o, "front_end", Need::Required);
      finite(o, "window_frames_per_second", Need::Optional);
      text(o, "renderer", Need::Optional);
      if (o.contains("window_frames_per_second") &&
          o.at("window_frames_per_second").get<double>() < 0) {
        Scope f(*this, "window_frames_per_second");
        fail("a frame rate below zero");
      }
    }
    {
      const json& host = member(doc, "host", Need::Required);
      Scope s(*this, "host");
      object(host);
      for (const char* key : {"hostname", "os", "cpu"}) text(host, key, Need::Optional);
      whole(host, "memory_bytes", Need::Optional, 0, kMaxUint64);
      whole(host, "logical_cpus", Need::Optional, 0, kMaxUint32);
    }
    each(doc, "backends", Need::Required, [&](const json& b) {
      object(b);
      text(b, "name", Need::Required);
      text(b, "library", Need::Optional);
      flag(b, "available", Need::Required);
      text(b, "reason", Need::Optional);
      each(b, "devices", Need::Optional, [&](const json& d) { device_info(d); });
    });
    each(doc, "devices", Need::Required, [&](const json& d) {
      device_info(d);
      if (d.contains("memory_plan")) {
        Scope s(*this, "memory_plan");
        const json& m = d.at("memory_plan");
        object(m);
        for (const char* key :
             {"reported_llc_bytes", "measured_dram_knee_bytes", "dram_working_set_bytes"})
          whole(m, key, Need::Optional, 0, kMaxUint64);
        text(m, "reported_by", Need::Optional);
        text(m, "basis", Need::Optional);
        flag(m, "reported_llc_contradicted", Need::Optional);
      }
      if (d.contains("spec")) spec_comparison(d.at("spec"));
      each(d, "kernels", Need::Required, [&](const json& k) {
        object(k);
        text(k, "kernel", Need::Required);
        text(k, "family", Need::Optional);
        text(k, "unit", Need::Required);
        each(k, "points", Need::Required, [&](const json& p) { point(p); });
      });
    });
  }

 private:
  struct Scope {
    Scope(Checker& c, std::string key) : checker(c) { checker.path_.push_back(std::move(key)); }
    ~Scope() { checker.path_.pop_back(); }
    Checker& checker;
  };

  std::string pointer() const { return json_pointer_of(path_); }

  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("at " + printable(pointer(), 200) + ": " + why);
  }

  void object(const json& j) const {
    if (!j.is_object()) fail(describe(j) + " where an object belongs");
  }

  // The member, or a null json for an absent optional one.
  const json& member(const json& obj, const char* key, Need need) {
    static const json kAbsent;
    const auto it = obj.find(key);
    if (it != obj.end()) return *it;
    if (need == Need::Required) fail(std::string("the field '") + key + "' is missing");
    return kAbsent;
  }

  template <typename F>
  void each(const json& obj, const char* key, Need need, F check_element) {
    if (need == Need::Optional && !obj.contains(key)) return;
    const json& list = member(obj, key, need);
    Scope s(*this, key);
    if (!list.is_array()) fail(describe(list) + " where a list belongs");
    for (size_t i = 0; i < list.size(); ++i) {
      Scope e(*this, std::to_string(i));
      check_element(list[i]);
    }
  }

  void text(const json& obj, const char* key, Need need) {
    if (need == Need::Optional && !obj.contains(key)) return;
    const json& j = member(obj, key, need);
    Scope s(*this, key);
    if (!j.is_string()) fail(describe(j) + " where text belongs");
  }

  void flag(const json& obj, const char* key, Need need) {
    if (need == Need::Optional && !obj.contains(key)) return;
    const json& j = member(obj, key, need);
    Scope s(*this, key);
    if (!j.is_boolean()) fail(describe(j) + " where true or false belongs");
  }

  // A count or size: a whole number in [min, max], never negative, never a float.
  uint64_t whole(const json& obj, const char* key, Need need, uint64_t min, uint64_t max) {
    if (need == Need::Optional && !obj.contains(key)) return 0;
    const json& j = member(obj, key, need);
    Scope s(*this, key);
    const std::string range =
        "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (j.is_number_unsigned()) {
      const uint64_t v = j.get<uint64_t>();
      if (v < min || v > max) fail(describe(j) + " is out of range (" + range + ")");
      return v;
    }
    if (j.is_number_integer()) fail(describe(j) + " is negative (" + range + ")");
    fail(describe(j) + " is not " + range);
  }

  // A figure: a finite number (JSON has no NaN; a NaN written by a library reads as null,
  // and 1e999 reads as infinity).
  void finite(const json& obj, const char* key, Need need) {
    if (need == Need::Optional && !obj.contains(key)) return;
    const json& j = member(obj, key, need);
    Scope s(*this, key);
    if (!j.is_number()) fail(describe(j) + " where a number belongs");
    if (!std::isfinite(j.get<double>())) fail("the number is not finite");
  }

  void device_info(const json& d) {
    object(d);
    text(d, "backend", Need::Required);
    text(d, "api", Need::Optional);
    whole(d, "index", Need::Required, 0, kMaxUint32);
    text(d, "name", Need::Required);
    each(d, "info", Need::Required, [&](const json& v) {
      object(v);
      text(v, "key", Need::Required);
      text(v, "unit", Need::Optional);
      text(v, "type", Need::Required);
      const std::string& type = v.at("type").get_ref<const std::string&>();
      const json& value = member(v, "value", Need::Required);
      Scope s(*this, "value");
      const bool ok = type == "int"      ? value.is_number_integer()
                      : type == "bool"   ? value.is_boolean()
                      : type == "float"  ? value.is_number() && std::isfinite(value.get<double>())
                      : type == "string" ? value.is_string()
                                         : true;  // unknown types: result_io names them
      if (!ok) fail(describe(value) + " does not match its type '" + printable(type, 40) + "'");
    });
  }

  void params(const json& p, const char* key) {
    const json& j = member(p, key, Need::Required);
    Scope s(*this, key);
    object(j);
    for (const char* size_key : {"size_bytes", "work_items", "m", "n", "k"})
      whole(j, size_key, Need::Optional, 0, kMaxUint64);
    whole(j, "vector_width", Need::Optional, 0, kMaxUint32);
    text(j, "precision", Need::Optional);
    // A newer minor version may name precisions this gpuprobe does not know; up to ours,
    // every name is one of precision.hpp (a typo would otherwise read as its own precision).
    if (j.contains("precision") && minor_ <= uint64_t(kResultSchemaMinor) &&
        !precision_from_name(j.at("precision").get_ref<const std::string&>())) {
      Scope s(*this, "precision");
      fail(describe(j.at("precision")) + " is not a matmul precision (" + precision_names_text() +
           ")");
    }
    flag(j, "pinned", Need::Optional);
  }

  void point(const json& p) {
    object(p);
    params(p, "requested");
    params(p, "effective");
    text(p, "status", Need::Required);
    text(p, "message", Need::Optional);
    whole(p, "iterations", Need::Optional, 0, kMaxUint32);
    finite(p, "work_per_iteration", Need::Optional);
    text(p, "timer", Need::Optional);
    flag(p, "verified", Need::Optional);
    flag(p, "noisy", Need::Optional);
    each(p, "sample_seconds", Need::Required, [&](const json& s) {
      if (!s.is_number()) fail(describe(s) + " where a time in seconds belongs");
      if (!std::isfinite(s.get<double>())) fail("the time is not finite");
    });
    {
      Scope s(*this, "sample_seconds");
      if (p.at("sample_seconds").size() > GP_MAX_SAMPLES)
        fail(std::to_string(p.at("sample_seconds").size()) + " samples, more than the " +
             std::to_string(GP_MAX_SAMPLES) + " gpuprobe ever takes");
    }
    each(p, "adjustments", Need::Optional, [&](const json& a) {
      if (!a.is_string()) fail(describe(a) + " where text belongs");
    });
    if (p.contains("telemetry")) telemetry(p.at("telemetry"));
    const json& figure = member(p, "figure", Need::Required);
    Scope s(*this, "figure");
    object(figure);
    whole(figure, "count", Need::Required, 0, GP_MAX_SAMPLES);
    for (const char* key : {"median", "min", "max", "mean", "p90", "cv"})
      finite(figure, key, Need::Required);
  }

  // Schema 1.3: what the plugin's telemetry saw while the point ran.
  void telemetry(const json& t) {
    Scope s(*this, "telemetry");
    object(t);
    text(t, "unavailable", Need::Optional);
    whole(t, "samples", Need::Optional, 0, kMaxUint32);
    finite(t, "interval_seconds", Need::Optional);
    flag(t, "clock_events_reported", Need::Optional);
    each(t, "clock_events", Need::Optional, [&](const json& e) {
      if (!e.is_string()) fail(describe(e) + " where text belongs");
    });
    if (!t.contains("fields")) return;
    Scope f(*this, "fields");
    const json& fields = t.at("fields");
    object(fields);
    for (const auto& [name, range] : fields.items()) {
      Scope r(*this, name);
      object(range);
      whole(range, "count", Need::Required, 0, kMaxUint32);
      for (const char* key : {"min", "mean", "max"}) finite(range, key, Need::Required);
    }
  }

  // devices[].spec (schema 1.5): the matched spec row and the shares of it reached.
  void spec_comparison(const json& c) {
    Scope s(*this, "spec");
    object(c);
    flag(c, "recognised", Need::Required);
    for (const char* key : {"row", "row_origin", "matched_by", "note"})
      text(c, key, Need::Optional);
    each(c, "shares", Need::Optional, [&](const json& share) {
      object(share);
      for (const char* key : {"figure", "kernel", "params", "unit"})
        text(share, key, Need::Required);
      for (const char* key : {"measured", "spec", "share"}) finite(share, key, Need::Required);
    });
  }

  std::vector<std::string> path_;
  uint64_t minor_ = 0;  // schema.minor of the document being checked
};

// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while
// parsing value - invalid literal; last read: '<up to a whole file>'" ->
// "line 1, column 9: syntax error while parsing value - invalid literal".
std::string plain_parse_message(const std::string& what) {
  std::string text = what;
  if (const size_t tag = text.find("] ");
      text.rfind("[json.exception.", 0) == 0 && tag != std::string::npos)
    text = text.substr(tag + 2);
  if (text.rfind("parse error at ", 0) == 0) text = text.substr(15);
  if (const size_t quote = text.find("; last read: "); quote != std::string::npos)
    text = text.substr(0, quote);
  return printable(text, 200);
}

}  // namespace

// Where the parser is, as a JSON pointer: a number too large for a double ("1e999") fails
// while the parser reads it, before any value exists to check, and the message still names
// where it is.
class ParsePath {
 public:
  void on(json::parse_event_t event, const json& parsed) {
    using E = json::parse_event_t;
    if (event == E::object_start || event == E::array_start) {
      frames_.push_back({event == E::array_start, 0, {}});
    } else if (event == E::key) {
      if (!frames_.empty()) frames_.back().key = parsed.get<std::string>();
    } else if (event == E::object_end || event == E::array_end) {
      if (!frames_.empty()) frames_.pop_back();
      element_done();
    } else if (event == E::value) {
      element_done();
    }
  }
  std::string pointer() const {
    std::vector<std::string> tokens;
    for (const auto& f : frames_) tokens.push_back(f.array ? std::to_string(f.index) : f.key);
    return json_pointer_of(tokens);
  }

 private:
  struct Frame {
    bool array;
    size_t index;  // elements of an array read so far: the index of the one being read
    std::string key;
  };
  void element_done() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }
  std::vector<Frame> frames_;
};

json parse_result_json(const std::string& text) {
  ParsePath path;
  // Called for every value as it is parsed; stops a nesting bomb before it is built.
  const json::parser_callback_t depth_guard = [&path](int depth, json::parse_event_t event,
                                                      json& parsed) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= kMaxResultNesting)
      throw std::runtime_error("nested deeper than the " + std::to_string(kMaxResultNesting) +
                               " levels a result document may have; the file is damaged or not "
                               "a result");
    path.on(event, parsed);
    return true;
  };
  try {
    return json::parse(text, depth_guard);
  } catch (const json::parse_error& e) {
    throw std::runtime_error("not valid JSON at " + plain_parse_message(e.what()) +
                             "; the file is truncated or damaged");
  } catch (const json::exception& e) {  // 1e999: "number overflow parsing ..."
    throw std::runtime_error("not a valid result: at " + printable(path.pointer(), 200) + ": " +
                             plain_library_message(e));
  }
}

void check_result_document(const json& doc) { Checker().document(doc); }

std::string plain_library_message(const std::exception& e) {
  std::string text = e.what();
  if (const size_t tag = text.find("] ");
      text.rfind("[json.exception.", 0) == 0 && tag != std::string::npos)
    text = text.substr(tag + 2);
  return printable(text, 200);
}

}  // namespace gpuprobe
