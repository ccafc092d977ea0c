// The result document. Layout (schema 1.x; 1.1 added noisy and adjustments):
// { "schema": {"name": "gpuprobe-result", "major": 1, "minor": 0},
//   "tool": {"name", "version"}, "started_utc", "mode", "host": {...},
//   "backends": [{name, library, available, reason, devices: [device info]}],
//   "devices": [{backend, api, index, name, info: [{key, type, value, unit}],
//                memory_plan: {reported_llc_bytes, reported_by, measured_dram_knee_bytes,
//                  reported_llc_contradicted, dram_working_set_bytes, basis}  (1.1+),
//                kernels: [{kernel, family, unit, points: [{requested, effective, status,
//                  message, iterations, work_per_iteration, timer, verified,
//                  sample_seconds: [...], figure: {count, median, min, max, mean, p90, cv},
//                  noisy, adjustments: ["clamped", "substituted"]}]}]}] }
// 1.2 added "complete" (false: the run stopped early, or the document was recovered from a
// journal) and "incomplete_reason"; a document without them is complete.
// 1.3 added the precisions "tf32", "bf16" and "int8" (params.precision) and the kernel
// "matmul_tensor"; a precision name unknown up to a document's minor version is refused.
// 1.3 also added points[].telemetry (only from plugins with a telemetry entry): {samples,
//   interval_seconds, fields: {sm_clock_mhz: {count, min, mean, max}, ...},
//   clock_events_reported, clock_events: ["sw_power_cap", ...]} or {unavailable: reason}.
// 1.4 added "origin": {front_end: "cli" | "gui", window_frames_per_second and renderer (the
//   window's GL_RENDERER; both gui only)}.
// 1.5 added devices[].spec: {recognised, row, row_origin, matched_by, shares: [{figure,
//   kernel, params, measured, spec, share, unit}]} or {recognised: false, note}.
// Minor versions only add fields; readers ignore fields they do not know. A point whose
// claims do not follow from its own samples is refused (point_check.hpp).
#include "gpuprobe/result_io.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "gpuprobe/input_file.hpp"
#include "gpuprobe/output_file.hpp"
#include "gpuprobe/printable.hpp"
#include "gpuprobe/report_format.hpp"
#include "point_check.hpp"
#include "result_validation.hpp"
#include "statistics.hpp"

namespace gpuprobe {
namespace {

using nlohmann::json;

// An integer field, refused unless the file holds an integer that fits T. nlohmann's get<T>()
// converts with a plain cast: a float beyond T's range (1e100) is undefined behaviour (found by
// fuzz/result_reader under UBSan) and an integer beyond it silently wraps.
template <class T>
T integer_field(const json& j, const char* key) {
  const json& v = j.at(key);
  if (v.is_number_unsigned() && std::in_range<T>(v.get<uint64_t>())) return T(v.get<uint64_t>());
  if (v.is_number_integer() && !v.is_number_unsigned() && std::in_range<T>(v.get<int64_t>()))
    return T(v.get<int64_t>());
  throw std::runtime_error(std::string("'") + key + "' is " +
                           (v.is_number() ? v.dump() : std::string("a ") + v.type_name()) +
                           ", not an integer in " + std::to_string(std::numeric_limits<T>::min()) +
                           ".." + std::to_string(std::numeric_limits<T>::max()));
}

// The same for an optional field: absent is the fallback.
template <class T>
T integer_field(const json& j, const char* key, T fallback) {
  if (j.is_object() && !j.contains(key)) return fallback;
  return integer_field<T>(j, key);
}

json info_to_json(const InfoValue& v) {
  json j = {{"key", v.key}, {"unit", v.unit}};
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, int64_t>) j["type"] = "int";
        if constexpr (std::is_same_v<T, bool>) j["type"] = "bool";
        if constexpr (std::is_same_v<T, double>) j["type"] = "float";
        if constexpr (std::is_same_v<T, std::string>) j["type"] = "string";
        j["value"] = x;
      },
      v.value);
  return j;
}

InfoValue info_from_json(const json& j) {
  InfoValue v;
  v.key = j.at("key").get<std::string>();
  v.unit = j.value("unit", "");
  const std::string type = j.at("type").get<std::string>();
  if (type == "int")
    v.value = integer_field<int64_t>(j, "value");
  else if (type == "bool")
    v.value = j.at("value").get<bool>();
  else if (type == "float")
    v.value = j.at("value").get<double>();
  else if (type == "string")
    v.value = j.at("value").get<std::string>();
  else
    throw std::runtime_error("info key '" + v.key + "' has unknown type '" + type + "'");
  return v;
}

json params_to_json(const KernelParams& p) {
  return {{"size_bytes", p.size_bytes},
          {"vector_width", p.vector_width},
          {"work_items", p.work_items},
          {"m", p.m},
          {"n", p.n},
          {"k", p.k},
          {"precision", p.precision},
          {"pinned", p.pinned}};
}

KernelParams params_from_json(const json& j) {
  KernelParams p;
  p.size_bytes = integer_field(j, "size_bytes", uint64_t{0});
  p.vector_width = integer_field(j, "vector_width", uint32_t{1});
  p.work_items = integer_field(j, "work_items", uint64_t{0});
  p.m = integer_field(j, "m", uint64_t{0});
  p.n = integer_field(j, "n", uint64_t{0});
  p.k = integer_field(j, "k", uint64_t{0});
  p.precision = j.value("precision", std::string("fp32"));
  p.pinned = j.value("pinned", false);
  return p;
}

json stats_to_json(const Statistics& s) {
  return {{"count", s.count}, {"median", s.median}, {"min", s.min}, {"max", s.max},
          {"mean", s.mean},   {"p90", s.p90},       {"cv", s.cv}};
}

Statistics stats_from_json(const json& j) {
  Statistics s;
  s.count = integer_field<size_t>(j, "count");
  s.median = j.at("median").get<double>();
  s.min = j.at("min").get<double>();
  s.max = j.at("max").get<double>();
  s.mean = j.at("mean").get<double>();
  s.p90 = j.at("p90").get<double>();
  s.cv = j.at("cv").get<double>();
  return s;
}

json device_info_to_json(const DeviceInfo& d) {
  json info = json::array();
  for (const auto& v : d.info) info.push_back(info_to_json(v));
  return {
      {"backend", d.backend}, {"api", d.api}, {"index", d.index}, {"name", d.name}, {"info", info}};
}

DeviceInfo device_info_from_json(const json& j) {
  DeviceInfo d;
  d.backend = j.at("backend").get<std::string>();
  d.api = j.value("api", "");
  d.index = integer_field<uint32_t>(j, "index");
  d.name = j.at("name").get<std::string>();
  for (const auto& v : j.at("info")) d.info.push_back(info_from_json(v));
  return d;
}

json adjustments_to_json(const Adjustments& a) {
  json list = json::array();
  if (a.clamped) list.push_back("clamped");
  if (a.substituted) list.push_back("substituted");
  return list;
}

Adjustments adjustments_from_json(const json& j) {
  Adjustments a;
  for (const auto& name : j) {
    const std::string text = name.get<std::string>();
    if (text == "clamped") a.clamped = true;
    if (text == "substituted") a.substituted = true;
    // Names from a newer minor version are ignored like unknown fields.
  }
  return a;
}

json telemetry_to_json(const TelemetrySummary& t) {
  if (!t.unavailable.empty()) return {{"unavailable", t.unavailable}};
  json fields = json::object();
  for (const auto& [name, r] : t.fields)
    fields[name] = {{"count", r.count}, {"min", r.min}, {"mean", r.mean}, {"max", r.max}};
  return {{"samples", t.samples},
          {"interval_seconds", t.interval_seconds},
          {"fields", fields},
          {"clock_events_reported", t.clock_events_reported},
          {"clock_events", t.clock_events}};
}

TelemetrySummary telemetry_from_json(const json& j) {
  TelemetrySummary t;
  t.unavailable = j.value("unavailable", "");
  t.samples = integer_field(j, "samples", uint32_t{0});
  t.interval_seconds = j.value("interval_seconds", 0.0);
  if (j.contains("fields"))
    for (const auto& [name, r] : j.at("fields").items())
      t.fields[name] = {integer_field<uint32_t>(r, "count"), r.at("min").get<double>(),
                        r.at("mean").get<double>(), r.at("max").get<double>()};
  t.clock_events_reported = j.value("clock_events_reported", false);
  if (j.contains("clock_events"))
    t.clock_events = j.at("clock_events").get<std::vector<std::string>>();
  return t;  // point_inconsistency() checks it with the rest of the point
}

json measurement_to_json(const Measurement& m) {
  json point = {{"requested", params_to_json(m.requested)},
                {"effective", params_to_json(m.effective)},
                {"status", to_string(m.status)},
                {"message", m.message},
                {"iterations", m.iterations},
                {"work_per_iteration", m.work_per_iteration},
                {"timer", m.timer},
                {"verified", m.verified},
                {"sample_seconds", m.sample_seconds},
                {"figure", stats_to_json(m.figure)},
                {"noisy", m.noisy},
                {"adjustments", adjustments_to_json(m.adjustments)}};
  if (m.telemetry) point["telemetry"] = telemetry_to_json(*m.telemetry);
  return point;
}

Measurement measurement_from_json(const json& j) {
  Measurement m;
  m.requested = params_from_json(j.at("requested"));
  m.effective = params_from_json(j.at("effective"));
  const std::string status = j.at("status").get<std::string>();
  auto st = measurement_status_from_string(status);
  if (!st) throw std::runtime_error("unknown measurement status '" + status + "'");
  m.status = *st;
  m.message = j.value("message", "");
  m.iterations = integer_field(j, "iterations", uint32_t{0});
  m.work_per_iteration = j.value("work_per_iteration", 0.0);
  m.timer = j.value("timer", "");
  m.verified = j.value("verified", false);
  m.sample_seconds = j.at("sample_seconds").get<std::vector<double>>();
  m.figure = stats_from_json(j.at("figure"));
  // Schema 1.0 had no mark: the CV it stored says what the mark would have been.
  m.noisy = j.contains("noisy") ? j.at("noisy").get<bool>()
                                : m.status == MeasurementStatus::Ok && is_noisy(m.figure);
  if (j.contains("adjustments")) m.adjustments = adjustments_from_json(j.at("adjustments"));
  if (j.contains("telemetry")) m.telemetry = telemetry_from_json(j.at("telemetry"));
  return m;
}

// The suite's DRAM sizing on a device and the reported-vs-measured cache (schema 1.1).
json memory_plan_to_json(const MemoryPlan& m) {
  return {{"reported_llc_bytes", m.reported_llc_bytes},
          {"reported_by", m.reported_by},
          {"measured_dram_knee_bytes", m.measured_dram_knee_bytes},
          {"reported_llc_contradicted", m.reported_llc_contradicted},
          {"dram_working_set_bytes", m.dram_working_set_bytes},
          {"basis", m.basis}};
}

MemoryPlan memory_plan_from_json(const json& j) {
  MemoryPlan m;
  m.reported_llc_bytes = integer_field(j, "reported_llc_bytes", uint64_t{0});
  m.reported_by = j.value("reported_by", "");
  m.measured_dram_knee_bytes = integer_field(j, "measured_dram_knee_bytes", uint64_t{0});
  m.reported_llc_contradicted = j.value("reported_llc_contradicted", false);
  m.dram_working_set_bytes = integer_field(j, "dram_working_set_bytes", uint64_t{0});
  m.basis = j.value("basis", "");
  return m;
}

// What the device reached of its spec row (schema 1.4). "share" is written for readers
// of the file; it is recomputed from measured/spec when read.
json spec_to_json(const SpecComparison& c) {
  json shares = json::array();
  for (const auto& s : c.shares)
    shares.push_back({{"figure", s.figure},
                      {"kernel", s.kernel},
                      {"params", s.params},
                      {"measured", s.measured},
                      {"spec", s.spec},
                      {"share", s.share()},
                      {"unit", s.unit}});
  json j = {{"recognised", c.recognised}};
  if (c.recognised) {
    j["row"] = c.row_name;
    j["row_origin"] = c.row_origin;
    j["matched_by"] = c.matched_by;
    j["shares"] = shares;
  } else {
    j["note"] = c.note;
  }
  return j;
}

SpecComparison spec_from_json(const json& j) {
  SpecComparison c;
  c.recognised = j.at("recognised").get<bool>();
  c.row_name = j.value("row", "");
  c.row_origin = j.value("row_origin", "");
  c.matched_by = j.value("matched_by", "");
  c.note = j.value("note", "");
  if (j.contains("shares"))
    for (const auto& s : j.at("shares"))
      c.shares.push_back({s.at("figure").get<std::string>(), s.at("kernel").get<std::string>(),
                          s.at("params").get<std::string>(), s.at("measured").get<double>(),
                          s.at("spec").get<double>(), s.at("unit").get<std::string>()});
  return c;
}

}  // namespace

std::string to_json(const RunReport& r, int indent) {
  json backends = json::array();
  for (const auto& b : r.backends) {
    json listed = json::array();
    for (const auto& d : b.devices) listed.push_back(device_info_to_json(d));
    backends.push_back({{"name", b.name},
                        {"library", b.library},
                        {"available", b.available},
                        {"reason", b.reason},
                        {"devices", listed}});
  }
  json devices = json::array();
  for (const auto& d : r.devices) {
    json dj = device_info_to_json(d.device);
    json kernels = json::array();
    for (const auto& k : d.kernels) {
      json points = json::array();
      for (const auto& p : k.points) points.push_back(measurement_to_json(p));
      kernels.push_back(
          {{"kernel", k.kernel}, {"family", k.family}, {"unit", k.unit}, {"points", points}});
    }
    dj["memory_plan"] = memory_plan_to_json(d.memory);
    if (d.spec) dj["spec"] = spec_to_json(*d.spec);
    dj["kernels"] = kernels;
    devices.push_back(dj);
  }
  json doc = {{"schema",
               {{"name", "gpuprobe-result"}, {"major", r.schema_major}, {"minor", r.schema_minor}}},
              {"tool", {{"name", "gpuprobe"}, {"version", r.tool_version}}},
              {"started_utc", r.started_utc},
              {"mode", r.mode},
              {"host",
               {{"hostname", r.host.hostname},
                {"os", r.host.os},
                {"cpu", r.host.cpu},
                {"memory_bytes", r.host.memory_bytes},
                {"logical_cpus", r.host.logical_cpus}}},
              {"complete", r.complete},
              {"incomplete_reason", r.incomplete_reason},
              {"backends", backends},
              {"devices", devices}};
  if (r.origin) {
    json origin = {{"front_end", r.origin->front_end}};
    if (r.origin->window_frames_per_second)
      origin["window_frames_per_second"] = *r.origin->window_frames_per_second;
    if (!r.origin->renderer.empty()) origin["renderer"] = r.origin->renderer;
    doc["origin"] = origin;
  }
  // Text enters the core as UTF-8 (plugin_registry.cpp, measure.cpp); should anything slip
  // through, it becomes U+FFFD here rather than an exception that loses the run.
  return doc.dump(indent, ' ', false, json::error_handler_t::replace);
}

RunReport from_json(const std::string& text) {
  // Checked whole before it is read (result_validation.hpp): below, every field has its type.
  const json doc = parse_result_json(text);
  check_result_document(doc);
  try {
    RunReport r;
    const json& schema = doc.at("schema");
    if (schema.value("name", "") != "gpuprobe-result")
      throw std::runtime_error("not a gpuprobe result (schema.name is not 'gpuprobe-result')");
    r.schema_major = integer_field<int>(schema, "major");
    r.schema_minor = integer_field(schema, "minor", 0);
    if (r.schema_major != kResultSchemaMajor)
      throw std::runtime_error(
          "result schema " + std::to_string(r.schema_major) + "." + std::to_string(r.schema_minor) +
          " is not supported (this gpuprobe reads " + std::to_string(kResultSchemaMajor) +
          ".x); use a matching gpuprobe version");
    r.tool_version = doc.at("tool").at("version").get<std::string>();
    r.started_utc = doc.value("started_utc", "");
    r.mode = doc.value("mode", "");
    r.complete = doc.value("complete", true);
    r.incomplete_reason = doc.value("incomplete_reason", "");
    if (doc.contains("origin")) {
      const json& o = doc.at("origin");
      RunOrigin origin{o.at("front_end").get<std::string>(), std::nullopt, ""};
      if (o.contains("window_frames_per_second"))
        origin.window_frames_per_second = o.at("window_frames_per_second").get<double>();
      origin.renderer = o.value("renderer", "");
      r.origin = origin;
    }
    const json& h = doc.at("host");
    r.host.hostname = h.value("hostname", "");
    r.host.os = h.value("os", "");
    r.host.cpu = h.value("cpu", "");
    r.host.memory_bytes = integer_field(h, "memory_bytes", uint64_t{0});
    r.host.logical_cpus = integer_field(h, "logical_cpus", uint32_t{0});
    for (const auto& b : doc.at("backends")) {
      BackendStatus s;
      s.name = b.at("name").get<std::string>();
      s.library = b.value("library", "");
      s.available = b.at("available").get<bool>();
      s.reason = b.value("reason", "");
      if (b.contains("devices"))
        for (const auto& dj : b.at("devices")) s.devices.push_back(device_info_from_json(dj));
      r.backends.push_back(s);
    }
    for (const auto& dj : doc.at("devices")) {
      DeviceResult d;
      d.device = device_info_from_json(dj);
      if (dj.contains("memory_plan")) d.memory = memory_plan_from_json(dj.at("memory_plan"));
      if (dj.contains("spec")) d.spec = spec_from_json(dj.at("spec"));
      for (const auto& kj : dj.at("kernels")) {
        KernelResult k;
        k.kernel = kj.at("kernel").get<std::string>();
        k.family = kj.value("family", "");
        k.unit = kj.at("unit").get<std::string>();
        for (const auto& pj : kj.at("points")) {
          k.points.push_back(measurement_from_json(pj));
          const std::string wrong = point_inconsistency(k.kernel, k.points.back());
          if (!wrong.empty())
            throw std::runtime_error(
                "at /devices/" + std::to_string(r.devices.size()) + "/kernels/" +
                std::to_string(d.kernels.size()) + "/points/" +
                std::to_string(k.points.size() - 1) + ": device " + printable(d.device.label()) +
                ", kernel " + printable(k.kernel) + ", point " + std::to_string(k.points.size()) +
                " (" + printable(describe_params(k.kernel, k.points.back().requested)) +
                "): " + wrong + "; the file was edited or damaged");
        }
        d.kernels.push_back(std::move(k));
      }
      r.devices.push_back(std::move(d));
    }
    return r;
  } catch (const json::exception& e) {
    throw std::runtime_error("malformed result document: " + plain_library_message(e));
  }
}

void save_report(const RunReport& report, const std::string& path) {
  // Serialised before anything is opened: a document that cannot be written costs no file.
  write_output_file(path, to_json(report) + "\n");
}

RunReport load_report(const std::string& path) {
  // Regular file, size cap, never a blocking open (input_file.hpp); its errors name the path.
  const std::string text = read_input_file(path, kMaxResultFileBytes);
  try {
    RunReport r = from_json(text);
    r.source = path;
    return r;
  } catch (const std::exception& e) {
    throw std::runtime_error("'" + printable(path) + "': " + e.what());
  }
}

}  // namespace gpuprobe
