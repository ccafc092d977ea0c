#include "worker_protocol.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "abi_check.hpp"

namespace gpuprobe::worker {
namespace {

// Longest string field: device names and notes are short, build logs are not sent here.
constexpr size_t kMaxStringBytes = 1u << 20;

class Writer {
 public:
  void u8(uint8_t v) { bytes_.push_back(v); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(uint8_t(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes_.push_back(uint8_t(v >> (8 * i)));
  }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
  }
  void str(const std::string& s) {
    if (s.size() > kMaxStringBytes)
      throw ProtocolError("a string of " + std::to_string(s.size()) + " bytes is too long to send");
    u32(uint32_t(s.size()));
    bytes_.insert(bytes_.end(), s.begin(), s.end());
  }
  Bytes take() { return std::move(bytes_); }

 private:
  Bytes bytes_;
};

class Reader {
 public:
  Reader(const uint8_t* data, size_t size, const char* what)
      : p_(data), left_(data ? size : 0), what_(what) {}
  uint8_t u8() { return take(1)[0]; }
  uint32_t u32() {
    const uint8_t* b = take(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(b[i]) << (8 * i);
    return v;
  }
  uint64_t u64() {
    const uint8_t* b = take(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t(b[i]) << (8 * i);
    return v;
  }
  double f64() {
    const uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  std::string str() {
    const uint32_t n = u32();
    if (n > kMaxStringBytes) fail("a string length of " + std::to_string(n) + " bytes");
    const uint8_t* b = take(n);
    return std::string(reinterpret_cast<const char*>(b), n);
  }
  // A list count: at most `max`, and no more items than the bytes left could hold.
  uint32_t count(uint32_t max, size_t min_item_bytes, const char* items) {
    const uint32_t n = u32();
    if (n > max || n > left_ / min_item_bytes)
      fail(std::to_string(n) + " " + items + " (at most " + std::to_string(max) + ", and " +
           std::to_string(left_) + " bytes left)");
    return n;
  }
  void finish() {
    if (left_) fail(std::to_string(left_) + " trailing bytes");
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw ProtocolError(std::string("worker protocol: bad ") + what_ + " message: " + what);
  }

 private:
  const uint8_t* take(size_t n) {
    if (n > left_)
      fail("needs " + std::to_string(n) + " more bytes, " + std::to_string(left_) + " left");
    const uint8_t* at = p_;
    p_ += n;
    left_ -= n;
    return at;
  }
  const uint8_t* p_;
  size_t left_;
  const char* what_;
};

enum InfoKind : uint8_t { kInt = 0, kBool = 1, kFloat = 2, kString = 3 };

void put_device(Writer& w, const DeviceInfo& d) {
  w.str(d.backend);
  w.str(d.api);
  w.u32(d.index);
  w.str(d.name);
  w.u32(uint32_t(d.info.size()));
  for (const auto& v : d.info) {
    w.str(v.key);
    w.str(v.unit);
    if (auto i = std::get_if<int64_t>(&v.value)) {
      w.u8(kInt);
      w.u64(uint64_t(*i));
    } else if (auto b = std::get_if<bool>(&v.value)) {
      w.u8(kBool);
      w.u8(*b ? 1 : 0);
    } else if (auto f = std::get_if<double>(&v.value)) {
      w.u8(kFloat);
      w.f64(*f);
    } else {
      w.u8(kString);
      w.str(std::get<std::string>(v.value));
    }
  }
}

DeviceInfo get_device(Reader& r) {
  DeviceInfo d;
  d.backend = r.str();
  d.api = r.str();
  d.index = r.u32();
  d.name = r.str();
  // An entry is at least two empty strings and a kind with a one-byte value.
  const uint32_t n = r.count(kMaxInfoEntries, 10, "info entries");
  for (uint32_t i = 0; i < n; ++i) {
    InfoValue v;
    v.key = r.str();
    v.unit = r.str();
    switch (const uint8_t kind = r.u8()) {
      case kInt:
        v.value = int64_t(r.u64());
        break;
      case kBool:
        if (const uint8_t b = r.u8(); b <= 1)
          v.value = b == 1;
        else
          r.fail("a bool of " + std::to_string(b));
        break;
      case kFloat:
        v.value = r.f64();
        break;
      case kString:
        v.value = r.str();
        break;
      default:
        r.fail("an info value kind of " + std::to_string(kind));
    }
    d.info.push_back(std::move(v));
  }
  return d;
}

void put_params(Writer& w, const gp_run_params& p) {
  w.u32(p.kernel);
  w.u64(p.size_bytes);
  w.u32(p.vector_width);
  w.u32(p.precision);
  w.u64(p.work_items);
  w.u64(p.m);
  w.u64(p.n);
  w.u64(p.k);
  w.u32(p.iterations);
  w.u32(p.samples);
  w.u32(p.warmup);
  w.u32(p.flags);
  w.u32(p.seed);
  w.f64(p.min_sample_seconds);
  w.u32(p.max_samples);
  w.f64(p.target_ci_half_width);
  w.f64(p.sampling_budget_seconds);
}

gp_run_params get_params(Reader& r) {
  gp_run_params p{};
  p.struct_size = sizeof p;
  p.kernel = r.u32();
  p.size_bytes = r.u64();
  p.vector_width = r.u32();
  p.precision = r.u32();
  p.work_items = r.u64();
  p.m = r.u64();
  p.n = r.u64();
  p.k = r.u64();
  p.iterations = r.u32();
  p.samples = r.u32();
  p.warmup = r.u32();
  p.flags = r.u32();
  p.seed = r.u32();
  p.min_sample_seconds = r.f64();
  p.max_samples = r.u32();
  p.target_ci_half_width = r.f64();
  p.sampling_budget_seconds = r.f64();
  p.cancel = nullptr;
  if (p.kernel >= GP_KERNEL_COUNT) r.fail("a kernel id of " + std::to_string(p.kernel));
  if (p.samples > GP_MAX_SAMPLES || p.max_samples > GP_MAX_SAMPLES)
    r.fail("a sample count above GP_MAX_SAMPLES");
  return p;
}

// Telemetry field names and clock-event names are short words; counts are bounded by
// what telemetry.h can express, with room for a later version's additions.
constexpr uint32_t kMaxTelemetryFields = 64;
constexpr uint32_t kMaxClockEvents = 64;

void put_telemetry(Writer& w, const std::optional<TelemetrySummary>& t) {
  w.u8(t ? 1 : 0);
  if (!t) return;
  w.str(t->unavailable);
  w.u32(t->samples);
  w.f64(t->interval_seconds);
  w.u32(uint32_t(t->fields.size()));
  for (const auto& [name, r] : t->fields) {
    w.str(name);
    w.u32(r.count);
    w.f64(r.min);
    w.f64(r.mean);
    w.f64(r.max);
  }
  w.u8(t->clock_events_reported ? 1 : 0);
  w.u32(uint32_t(t->clock_events.size()));
  for (const auto& e : t->clock_events) w.str(e);
}

std::optional<TelemetrySummary> get_telemetry(Reader& r) {
  const uint8_t present = r.u8();
  if (present > 1) r.fail("a telemetry flag of " + std::to_string(present));
  if (!present) return std::nullopt;
  TelemetrySummary t;
  t.unavailable = r.str();
  t.samples = r.u32();
  t.interval_seconds = r.f64();
  // A field is at least an empty name, a count and three doubles.
  const uint32_t n = r.count(kMaxTelemetryFields, 4 + 4 + 24, "telemetry fields");
  for (uint32_t i = 0; i < n; ++i) {
    std::string name = r.str();
    TelemetryRange range;
    range.count = r.u32();
    range.min = r.f64();
    range.mean = r.f64();
    range.max = r.f64();
    if (!t.fields.emplace(std::move(name), range).second) r.fail("a repeated telemetry field");
  }
  const uint8_t reported = r.u8();
  if (reported > 1) r.fail("a clock-events flag of " + std::to_string(reported));
  t.clock_events_reported = reported == 1;
  const uint32_t events = r.count(kMaxClockEvents, 4, "clock events");
  for (uint32_t i = 0; i < events; ++i) t.clock_events.push_back(r.str());
  return t;
}

uint32_t get_status(Reader& r) {
  const uint32_t s = r.u32();
  if (s > GP_ERR_INTERNAL) r.fail("a status of " + std::to_string(s));
  return s;
}

}  // namespace

bool decode_frame(const uint8_t* data, size_t size, Frame& frame) {
  if (!data || size < kFrameHeaderBytes + 1) return false;
  Reader header(data, kFrameHeaderBytes, "frame");
  const uint32_t length = header.u32();
  if (length == 0 || length > kMaxFrameBytes)
    header.fail("a frame length of " + std::to_string(length) + " (1.." +
                std::to_string(kMaxFrameBytes) + ")");
  const uint8_t type = data[kFrameHeaderBytes];
  if (type < uint8_t(MessageType::Hello) || type > uint8_t(MessageType::MemtestReply))
    header.fail("a message type of " + std::to_string(type));
  if (size - kFrameHeaderBytes < length) return false;
  frame.type = MessageType(type);
  frame.body = data + kFrameHeaderBytes + 1;
  frame.body_size = length - 1;
  frame.frame_size = kFrameHeaderBytes + length;
  return true;
}

Bytes encode_frame(MessageType type, const Bytes& body) {
  if (body.size() + 1 > kMaxFrameBytes)
    throw ProtocolError("a message of " + std::to_string(body.size()) + " bytes is too long");
  Writer w;
  w.u32(uint32_t(body.size() + 1));
  w.u8(uint8_t(type));
  Bytes out = w.take();
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Bytes encode_hello(const Hello& h) {
  Writer w;
  w.u32(h.version);
  w.u32(h.worker_pid);
  w.str(h.status.name);
  w.str(h.status.library);
  w.u8(h.status.available ? 1 : 0);
  w.str(h.status.reason);
  w.u32(uint32_t(h.status.devices.size()));
  for (const auto& d : h.status.devices) put_device(w, d);
  return w.take();
}

Hello decode_hello(const uint8_t* data, size_t size) {
  Reader r(data, size, "Hello");
  Hello h;
  h.version = r.u32();
  if (h.version != kProtocolVersion)
    throw ProtocolError("the worker speaks protocol version " + std::to_string(h.version) +
                        ", this gpuprobe speaks " + std::to_string(kProtocolVersion) +
                        "; install gpuprobe-worker from the same build as gpuprobe");
  h.worker_pid = r.u32();
  h.status.name = r.str();
  h.status.library = r.str();
  const uint8_t available = r.u8();
  if (available > 1) r.fail("an availability of " + std::to_string(available));
  h.status.available = available == 1;
  h.status.reason = r.str();
  // A device is at least three empty strings and two u32s.
  const uint32_t n = r.count(kMaxDevicesPerPlugin, 20, "devices");
  for (uint32_t i = 0; i < n; ++i) h.status.devices.push_back(get_device(r));
  r.finish();
  return h;
}

Bytes encode_point_request(const PointRequest& q) {
  Writer w;
  w.u32(q.device);
  put_params(w, q.params);
  return w.take();
}

PointRequest decode_point_request(const uint8_t* data, size_t size) {
  Reader r(data, size, "point request");
  PointRequest q;
  q.device = r.u32();
  q.params = get_params(r);
  r.finish();
  return q;
}

Bytes encode_supports_reply(const SupportAnswer& a) {
  Writer w;
  w.u32(uint32_t(a.status));
  w.str(a.reason);
  return w.take();
}

SupportAnswer decode_supports_reply(const uint8_t* data, size_t size) {
  Reader r(data, size, "SupportsReply");
  SupportAnswer a;
  a.status = gp_status(get_status(r));
  a.reason = r.str();
  r.finish();
  return a;
}

Bytes encode_run_reply(const RunOutcome& o) {
  Writer w;
  w.u32(uint32_t(o.status));
  w.str(o.error);
  w.u32(o.iterations);
  w.u32(uint32_t(o.sample_seconds.size()));
  for (const double s : o.sample_seconds) w.f64(s);
  w.u64(o.size_bytes);
  w.u64(o.work_items);
  w.f64(o.work_per_iteration);
  w.u32(o.verification);
  w.u32(o.timer);
  w.u32(o.adjustments);
  w.str(o.note);
  put_telemetry(w, o.telemetry);
  return w.take();
}

RunOutcome decode_run_reply(const uint8_t* data, size_t size) {
  Reader r(data, size, "RunReply");
  RunOutcome o;
  o.status = gp_status(get_status(r));
  o.error = r.str();
  o.iterations = r.u32();
  const uint32_t n = r.count(GP_MAX_SAMPLES, 8, "samples");
  for (uint32_t i = 0; i < n; ++i) o.sample_seconds.push_back(r.f64());
  o.size_bytes = r.u64();
  o.work_items = r.u64();
  o.work_per_iteration = r.f64();
  o.verification = r.u32();
  o.timer = r.u32();
  o.adjustments = r.u32();
  o.note = r.str();
  o.telemetry = get_telemetry(r);
  r.finish();
  if (const std::string wrong = outcome_violation(o); !wrong.empty()) r.fail(wrong);
  return o;
}

Bytes encode_memtest_request(uint32_t device, const gp_memtest_params& p) {
  Writer w;
  w.u32(device);
  w.u32(p.passes);
  w.u64(p.max_bytes);
  w.u32(p.patterns);
  w.u32(p.seed);
  w.f64(p.idle_seconds);
  w.u64(p.max_chunk_bytes);
  return w.take();
}

MemtestCall decode_memtest_request(const uint8_t* data, size_t size) {
  Reader r(data, size, "MemtestRequest");
  MemtestCall c;
  c.device = r.u32();
  c.params.struct_size = sizeof c.params;
  c.params.passes = r.u32();
  c.params.max_bytes = r.u64();
  c.params.patterns = r.u32();
  c.params.seed = r.u32();
  c.params.idle_seconds = r.f64();
  c.params.max_chunk_bytes = r.u64();
  r.finish();
  // The plugin checks the rest; a NaN or negative pause is the front-end's bug, not a test.
  if (!(c.params.idle_seconds >= 0 && c.params.idle_seconds <= 86400))
    r.fail("an idle pause of " + std::to_string(c.params.idle_seconds) + " s");
  return c;
}

Bytes encode_memtest_progress(const MemtestStep& step) {
  Writer w;
  w.f64(step.fraction);
  w.str(step.step);
  return w.take();
}

MemtestStep decode_memtest_progress(const uint8_t* data, size_t size) {
  Reader r(data, size, "MemtestProgress");
  MemtestStep s;
  s.fraction = r.f64();
  s.step = r.str();
  r.finish();
  if (!(s.fraction >= 0 && s.fraction <= 1)) r.fail("a fraction of " + std::to_string(s.fraction));
  return s;
}

Bytes encode_memtest_reply(const MemtestOutcome& o) {
  const gp_memtest_result& m = *o.result;
  Writer w;
  w.u32(uint32_t(o.status));
  w.str(o.error);
  w.u32(m.chunk_count);
  w.u64(m.tested_bytes);
  w.u64(m.device_bytes);
  w.u64(m.free_bytes);
  w.u64(m.words_checked);
  w.u64(m.error_count);
  w.u32(m.passes_done);
  w.f64(m.seconds);
  // The plugin's count is checked against the array, never trusted.
  const uint32_t failures = std::min(m.failure_count, GP_MEMTEST_MAX_FAILURES);
  w.u32(failures);
  for (uint32_t i = 0; i < failures; ++i) {
    const gp_memtest_failure& f = m.failures[i];
    w.u64(f.address);
    w.u32(f.expected);
    w.u32(f.got);
    w.u32(f.pattern);
    w.u32(f.pass);
  }
  w.str(plugin_string(m.note, GP_NOTE_CAPACITY));
  return w.take();
}

MemtestOutcome decode_memtest_reply(const uint8_t* data, size_t size) {
  Reader r(data, size, "MemtestReply");
  MemtestOutcome o;
  o.status = gp_status(get_status(r));
  o.error = r.str();
  o.result = std::make_shared<gp_memtest_result>();
  gp_memtest_result& m = *o.result;
  m.struct_size = sizeof m;
  m.chunk_count = r.u32();
  m.tested_bytes = r.u64();
  m.device_bytes = r.u64();
  m.free_bytes = r.u64();
  m.words_checked = r.u64();
  m.error_count = r.u64();
  m.passes_done = r.u32();
  m.seconds = r.f64();
  m.failure_count = r.count(GP_MEMTEST_MAX_FAILURES, 24, "failures");
  for (uint32_t i = 0; i < m.failure_count; ++i) {
    gp_memtest_failure& f = m.failures[i];
    f.address = r.u64();
    f.expected = r.u32();
    f.got = r.u32();
    f.pattern = r.u32();
    f.pass = r.u32();
  }
  const std::string note = r.str();
  if (note.size() >= GP_NOTE_CAPACITY)
    r.fail("a note of " + std::to_string(note.size()) + " bytes");
  std::memcpy(m.note, note.c_str(), note.size() + 1);
  r.finish();
  return o;
}

void decode_empty(const uint8_t* data, size_t size) {
  Reader r(data, size, "empty");
  r.finish();
}

}  // namespace gpuprobe::worker
