// gpuprobe-worker: loads ONE backend plugin and serves the front-end's requests (points and
// the VRAM test) over the socket it inherits (probe/worker_protocol.hpp has the messages).
// WorkerProcess starts it:
//   gpuprobe-worker --socket-fd N --cancel-fd M --parent-pid P PLUGIN.so
// By hand it measures the messaging cost instead (bench/isolation-overhead):
//   gpuprobe-worker --roundtrip COUNT PLUGIN.so
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "memtest_call.hpp"
#include "plugin_backend.hpp"
#include "plugin_registry.hpp"
#include "worker_backend.hpp"
#include "worker_protocol.hpp"

namespace {

using namespace gpuprobe;
using namespace gpuprobe::worker;

int usage() {
  std::fprintf(stderr,
               "gpuprobe-worker runs one backend plugin for gpuprobe; it is started by gpuprobe, "
               "not by hand.\nTo measure the messaging cost: gpuprobe-worker --roundtrip COUNT "
               "PLUGIN.so\n");
  return 2;
}

bool parse_number(const char* text, long long& out) {
  char* end = nullptr;
  errno = 0;
  out = std::strtoll(text, &end, 10);
  return errno == 0 && end != text && *end == '\0' && out >= 0;
}

bool write_all(int fd, const Bytes& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += size_t(n);
  }
  return true;
}

// The next frame from `fd` (blocking); false at end-of-file. Throws ProtocolError.
bool read_frame(int fd, Bytes& pending, MessageType& type, Bytes& body) {
  uint8_t buffer[64 * 1024];
  while (true) {
    Frame frame;
    if (decode_frame(pending.data(), pending.size(), frame)) {
      type = frame.type;
      body.assign(frame.body, frame.body + frame.body_size);
      pending.erase(pending.begin(), pending.begin() + ptrdiff_t(frame.frame_size));
      return true;
    }
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    pending.insert(pending.end(), buffer, buffer + n);
  }
}

int serve(int fd, int cancel_fd, pid_t parent, const std::string& plugin_path) {
  // The front-end may go away mid-reply; the write error ends the loop instead.
  std::signal(SIGPIPE, SIG_IGN);
  if (::getppid() != parent) return 1;  // started by hand, or the front-end is gone
  void* shared = ::mmap(nullptr, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED, cancel_fd, 0);
  if (shared == MAP_FAILED) {
    std::perror("gpuprobe-worker: mmap of the cancel flag");
    return 1;
  }
  const volatile int* cancel = static_cast<const volatile int*>(shared);

  LoadedPlugin plugin({backend_name_from_path(plugin_path), plugin_path});
  Hello hello;
  hello.worker_pid = uint32_t(::getpid());
  hello.status = plugin.status();
  if (!write_all(fd, encode_frame(MessageType::Hello, encode_hello(hello)))) return 1;

  Bytes pending, body;
  MessageType type{};
  while (read_frame(fd, pending, type, body)) {
    Bytes reply;
    switch (type) {
      case MessageType::SupportsRequest:
      case MessageType::RunRequest: {
        PointRequest q = decode_point_request(body.data(), body.size());
        q.params.cancel = cancel;
        if (!plugin.table()) {
          const SupportAnswer no{GP_ERR_UNAVAILABLE, plugin.status().reason};
          RunOutcome none;
          none.status = no.status;
          none.error = no.reason;
          reply = type == MessageType::SupportsRequest
                      ? encode_frame(MessageType::SupportsReply, encode_supports_reply(no))
                      : encode_frame(MessageType::RunReply, encode_run_reply(none));
        } else if (type == MessageType::SupportsRequest) {
          reply = encode_frame(
              MessageType::SupportsReply,
              encode_supports_reply(plugin_supports(*plugin.table(), q.device, q.params)));
        } else {
          reply = encode_frame(MessageType::RunReply,
                               encode_run_reply(plugin_run(*plugin.table(), q.device, q.params,
                                                           plugin.telemetry())));
        }
        break;
      }
      case MessageType::MemtestRequest: {
        const MemtestCall call = decode_memtest_request(body.data(), body.size());
        MemtestOutcome outcome;
        if (!plugin.table() || !plugin.memtest()) {
          outcome.status = plugin.table() ? GP_ERR_UNSUPPORTED : GP_ERR_UNAVAILABLE;
          outcome.error = plugin.table() ? plugin.memtest_missing() : plugin.status().reason;
          outcome.result = std::make_shared<gp_memtest_result>();
        } else {
          // Between sweeps: the front-end shows it, and it is the worker's heartbeat.
          const MemtestProgress progress = [fd](double fraction, const std::string& step) {
            write_all(fd, encode_frame(MessageType::MemtestProgress,
                                       encode_memtest_progress({fraction, step})));
          };
          outcome = plugin_memtest(*plugin.memtest(), call.device, call.params, progress, cancel);
        }
        reply = encode_frame(MessageType::MemtestReply, encode_memtest_reply(outcome));
        break;
      }
      case MessageType::Ping:
        decode_empty(body.data(), body.size());
        reply = encode_frame(MessageType::Pong, {});
        break;
      case MessageType::Shutdown:
        return 0;
      default:
        throw ProtocolError("the front-end sent message type " + std::to_string(int(type)));
    }
    if (!write_all(fd, reply)) return 1;
  }
  return 0;  // end-of-file: the front-end is done; LoadedPlugin shuts the plugin down
}

// Round trips of `count` Pings and of `count` supports() calls to a worker of `plugin`.
int roundtrip(long long count, const std::string& plugin_path) {
  std::error_code ec;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  WorkerLauncher launcher;
  WorkerBackend backend({backend_name_from_path(plugin_path), plugin_path}, self, launcher);
  backend.await_ready(120);
  if (!backend.status().available) {
    std::fprintf(stderr, "gpuprobe-worker: %s\n", backend.status().reason.c_str());
    return 1;
  }
  gp_run_params params{};
  params.struct_size = sizeof params;
  params.kernel = GP_KERNEL_READ;
  params.size_bytes = 1 << 20;
  params.vector_width = 1;
  params.samples = 5;
  auto mean_us = [&](auto&& call) {
    for (int i = 0; i < 10; ++i) call();  // warm caches and the scheduler
    const auto t0 = std::chrono::steady_clock::now();
    for (long long i = 0; i < count; ++i) call();
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0)
               .count() /
           double(count);
  };
  const double ping = mean_us([&] { backend.ping(10); });
  const double supports = mean_us([&] { backend.supports(0, params, 10); });
  std::printf("ping round trip: %.1f us (mean of %lld)\n", ping, count);
  std::printf("supports round trip: %.1f us (mean of %lld)\n", supports, count);
  std::printf("messaging per point (supports + run): about %.1f us\n", 2 * supports);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A driver that crashes must end this process by its signal, which the front-end reports
  // ("crashed: SIGSEGV in the opencl worker"). A sanitizer build installs handlers that turn
  // a crash into a report and exit status 66 instead; give the signals back their default.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
  try {
    long long socket_fd = -1, cancel_fd = -1, parent = -1, count = 0;
    std::string plugin;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      const bool has_value = i + 1 < argc;
      if (arg == "--socket-fd" && has_value && parse_number(argv[i + 1], socket_fd)) {
        ++i;
      } else if (arg == "--cancel-fd" && has_value && parse_number(argv[i + 1], cancel_fd)) {
        ++i;
      } else if (arg == "--parent-pid" && has_value && parse_number(argv[i + 1], parent)) {
        ++i;
      } else if (arg == "--roundtrip" && has_value && parse_number(argv[i + 1], count) && count) {
        ++i;
      } else if (plugin.empty() && !arg.empty() && arg[0] != '-') {
        plugin = arg;
      } else {
        return usage();
      }
    }
    if (plugin.empty()) return usage();
    if (count > 0) return roundtrip(count, plugin);
    if (socket_fd < 0 || cancel_fd < 0 || parent <= 0) return usage();
    return serve(int(socket_fd), int(cancel_fd), pid_t(parent), plugin);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gpuprobe-worker: %s\n", e.what());
    return 3;
  }
}
