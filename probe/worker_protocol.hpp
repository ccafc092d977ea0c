// The messages between the front-end and a gpuprobe-worker, as pure functions over byte
// buffers (no I/O here, so it can be fuzzed and tested alone).
//
// Frame: u32 length | u8 type | body, little-endian; `length` counts the type byte and the
// body and is at most kMaxFrameBytes. Inside a body: integers are fixed-width LE, doubles
// are their IEEE-754 bits as u64, a string is u32 byte count + bytes, a list is u32 count +
// items. The worker speaks first (Hello, carrying kProtocolVersion); then the front-end
// sends one request at a time and the worker answers it:
//   SupportsRequest {u32 device, params} -> SupportsReply {u32 status, str reason}
//   RunRequest      {u32 device, params} -> RunReply {RunOutcome, telemetry}
//   MemtestRequest  {u32 device, memtest params} -> any number of MemtestProgress {f64 fraction,
//                   str step}, then MemtestReply {u32 status, str error, result fields}
//   Ping            {}                   -> Pong {}   (measures the messaging cost)
//   Shutdown        {}                   -> the worker exits (closing the socket does too)
// Cancel does not travel as a message: the plugin's cancel flag is an int in memory both
// processes map (worker_process.hpp), so a launch in flight sees it at its next check.
//
// Every decode_* takes (data, size), trusts no length or count, and throws ProtocolError
// on anything malformed, out of range or followed by trailing bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "backend_handle.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/results.hpp"
#include "memtest_call.hpp"

namespace gpuprobe::worker {

// 2: RunReply ends with the run's telemetry summary (u8 present, then the summary).
// 3: the VRAM test (MemtestRequest, MemtestProgress, MemtestReply).
inline constexpr uint32_t kProtocolVersion = 3;
inline constexpr uint32_t kMaxFrameBytes = 16u << 20;
inline constexpr size_t kFrameHeaderBytes = 4;

enum class MessageType : uint8_t {
  Hello = 1,
  SupportsRequest = 2,
  SupportsReply = 3,
  RunRequest = 4,
  RunReply = 5,
  Ping = 6,
  Pong = 7,
  Shutdown = 8,
  MemtestRequest = 9,
  MemtestProgress = 10,
  MemtestReply = 11,
};

struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Bytes = std::vector<uint8_t>;

struct Hello {
  uint32_t version = kProtocolVersion;
  uint32_t worker_pid = 0;
  BackendStatus status;  // what LoadedPlugin found: available or why not, devices
};

// A request for supports() or run(); params.cancel is not sent (the worker sets its own).
struct PointRequest {
  uint32_t device = 0;
  gp_run_params params{};
};

// One complete frame found at the start of a buffer.
struct Frame {
  MessageType type;
  const uint8_t* body;
  size_t body_size;
  size_t frame_size;  // header + type + body: where the next frame starts
};

// The frame at the start of `data`: nullopt-like `false` while more bytes are needed.
// Throws on a length of 0 or above kMaxFrameBytes, or an unknown type.
bool decode_frame(const uint8_t* data, size_t size, Frame& frame);
Bytes encode_frame(MessageType type, const Bytes& body);

Bytes encode_hello(const Hello& hello);
Hello decode_hello(const uint8_t* data, size_t size);  // throws on another protocol version

Bytes encode_point_request(const PointRequest& request);
PointRequest decode_point_request(const uint8_t* data, size_t size);

Bytes encode_supports_reply(const SupportAnswer& answer);
SupportAnswer decode_supports_reply(const uint8_t* data, size_t size);

Bytes encode_run_reply(const RunOutcome& outcome);
RunOutcome decode_run_reply(const uint8_t* data, size_t size);

// The VRAM test: params.cancel, progress and progress_user are not sent (each side sets its
// own); the reply's result holds at most GP_MEMTEST_MAX_FAILURES failures.
struct MemtestCall {
  uint32_t device = 0;
  gp_memtest_params params{};
};
struct MemtestStep {
  double fraction = 0;  // 0..1
  std::string step;
};
Bytes encode_memtest_request(uint32_t device, const gp_memtest_params& params);
MemtestCall decode_memtest_request(const uint8_t* data, size_t size);
Bytes encode_memtest_progress(const MemtestStep& step);
MemtestStep decode_memtest_progress(const uint8_t* data, size_t size);
Bytes encode_memtest_reply(const MemtestOutcome& outcome);
MemtestOutcome decode_memtest_reply(const uint8_t* data, size_t size);

// Bodies that are empty (Ping, Pong, Shutdown): throws on trailing bytes.
void decode_empty(const uint8_t* data, size_t size);

}  // namespace gpuprobe::worker
