#include "worker_backend.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "abi_check.hpp"

namespace gpuprobe {
namespace fs = std::filesystem;
using worker::Clock;
using worker::MessageType;

namespace {

// How long a restarted worker may take to open its driver again before the call fails.
constexpr double kRestartTimeoutSeconds = 120.0;

std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", s);
  return text;
}

Clock::time_point deadline_after(double seconds) {
  if (!(seconds > 0)) return Clock::time_point::max();
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(std::min(seconds, 1e7)));
}

}  // namespace

std::string find_worker_executable(const std::vector<std::string>& plugin_dirs) {
  if (const char* env = std::getenv("GPUPROBE_WORKER"); env && *env) return env;
  std::vector<fs::path> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / kWorkerExecutableName);
  for (const auto& dir : plugin_dirs) candidates.push_back(fs::path(dir) / kWorkerExecutableName);
  for (const auto& c : candidates)
    if (::access(c.c_str(), X_OK) == 0) return c.string();
  return {};
}

WorkerBackend::WorkerBackend(PluginFile file, std::string worker_path,
                             worker::WorkerLauncher& launcher)
    : file_(std::move(file)), worker_path_(std::move(worker_path)), launcher_(launcher) {
  status_.name = file_.name;
  status_.library = file_.path;
  try {
    process_ = launcher_.launch(worker_path_, file_.path);
    pid_ = process_->pid();
  } catch (const std::exception& e) {
    status_.reason = e.what();
  }
}

WorkerBackend::~WorkerBackend() {
  pid_ = 0;
  process_.reset();  // closes the socket; the worker shuts its plugin down and exits
}

std::string WorkerBackend::stop_worker(bool kill_first) {
  if (!process_) return "not running";
  pid_ = 0;
  const std::string how = process_->stop(kill_first, std::chrono::milliseconds(1000));
  process_.reset();
  return how;
}

void WorkerBackend::await_ready(double timeout_seconds) {
  if (!process_) return;  // status_.reason says why it did not start
  const std::string why = start(timeout_seconds);
  if (!why.empty()) {
    status_.available = false;
    status_.reason = why;
  }
}

// Reads the Hello of a worker just launched; on a restart, launches it first.
std::string WorkerBackend::start(double timeout_seconds) {
  if (!process_) {
    try {
      process_ = launcher_.launch(worker_path_, file_.path);
      pid_ = process_->pid();
    } catch (const std::exception& e) {
      return e.what();
    }
  }
  MessageType type{};
  worker::Bytes body;
  std::string error;
  const auto got = process_->receive(deadline_after(timeout_seconds), {}, type, body, error);
  std::string why;
  if (got == worker::WorkerProcess::Received::Frame && type == MessageType::Hello) {
    try {
      worker::Hello hello = worker::decode_hello(body.data(), body.size());
      if (!started_once_) {
        started_once_ = true;
        status_ = std::move(hello.status);  // what the plugin found: available or why not
        status_.library = file_.path;
        return {};
      }
      if (hello.status.available) return {};
      why = "its plugin is unavailable now: " + hello.status.reason;
    } catch (const std::exception& e) {
      why = e.what();
    }
    stop_worker(true);
  } else if (got == worker::WorkerProcess::Received::TimedOut) {
    stop_worker(true);
    why =
        "it did not open its plugin within " + seconds_text(timeout_seconds) + " s and was stopped";
  } else if (got == worker::WorkerProcess::Received::Malformed) {
    stop_worker(true);
    why = error;
  } else if (got == worker::WorkerProcess::Received::Frame) {
    stop_worker(true);
    why = "it sent message type " + std::to_string(int(type)) + " before its Hello";
  } else {
    const std::string how = stop_worker(false);
    why = how == "exit status 127" ? "it could not execute " + worker_path_
          : killed_                ? "it was killed on request"
                                   : "it crashed while opening its plugin (" + how + ")";
  }
  return "the " + status_.name + " worker for " + file_.path + " did not start: " + why;
}

WorkerBackend::Reply WorkerBackend::exchange(MessageType request, const worker::Bytes& body,
                                             MessageType expected, double timeout_seconds,
                                             const volatile int* cancel,
                                             const Interim& on_interim) {
  Reply reply;
  // A worker killed while idle (abort) is replaced before the next request.
  if (killed_.exchange(false) && process_) stop_worker(true);
  if (!process_) {
    if (const std::string why = start(kRestartTimeoutSeconds); !why.empty()) {
      reply.reason = why;
      return reply;
    }
  }
  process_->set_cancel(0);
  auto deadline = deadline_after(timeout_seconds);
  MessageType type{};
  std::string error;
  auto got = worker::WorkerProcess::Received::Closed;
  if (process_->send(worker::encode_frame(request, body))) {
    bool forwarded = false;
    // The plugin reads the flag in shared memory at its next check.
    auto forward_cancel = [&] {
      // Set from another thread (Session::cancel, a signal handler): read atomically.
      if (!forwarded && cancel && __atomic_load_n(cancel, __ATOMIC_RELAXED) != 0) {
        process_->set_cancel(1);
        forwarded = true;
      }
    };
    got = process_->receive(deadline, forward_cancel, type, reply.body, error);
    while (on_interim && got == worker::WorkerProcess::Received::Frame &&
           type == MessageType::MemtestProgress) {
      try {
        on_interim(reply.body);
      } catch (const worker::ProtocolError& e) {
        got = worker::WorkerProcess::Received::Malformed;
        error = e.what();
        break;
      }
      deadline = deadline_after(timeout_seconds);
      got = process_->receive(deadline, forward_cancel, type, reply.body, error);
    }
  }
  if (got == worker::WorkerProcess::Received::Frame && type == expected) {
    reply.ok = true;
    return reply;
  }
  if (got == worker::WorkerProcess::Received::Frame) {
    got = worker::WorkerProcess::Received::Malformed;
    error = "a reply of type " + std::to_string(int(type)) + " to a request of type " +
            std::to_string(int(request));
  }
  if (killed_.exchange(false)) {
    stop_worker(true);
    reply.failure = GP_ERR_CANCELLED;
    reply.reason = "stopped at once: " + worker_name() + " was killed on request";
  } else if (got == worker::WorkerProcess::Received::TimedOut) {
    stop_worker(true);
    reply.reason = "timed out after " + seconds_text(timeout_seconds) + " s: " + worker_name() +
                   " was stopped";
  } else if (got == worker::WorkerProcess::Received::Malformed) {
    stop_worker(true);
    reply.reason = worker_name() + " sent a malformed reply and was restarted: " + error;
  } else {
    const std::string how = stop_worker(false);
    reply.reason = how.rfind("SIG", 0) == 0 ? "crashed: " + how + " in " + worker_name()
                                            : "crashed: " + worker_name() + " ended with " + how;
  }
  return reply;
}

MemtestOutcome WorkerBackend::memtest(uint32_t device, const gp_memtest_params& params,
                                      const MemtestProgress& progress, const volatile int* cancel,
                                      double heartbeat_seconds) {
  Reply r = exchange(MessageType::MemtestRequest, worker::encode_memtest_request(device, params),
                     MessageType::MemtestReply, heartbeat_seconds, cancel,
                     [&](const worker::Bytes& body) {
                       const auto step = worker::decode_memtest_progress(body.data(), body.size());
                       if (progress) progress(step.fraction, step.step);
                     });
  MemtestOutcome o;
  if (r.ok) {
    try {
      return worker::decode_memtest_reply(r.body.data(), r.body.size());
    } catch (const std::exception& e) {
      stop_worker(true);
      r.failure = GP_ERR_DEVICE;
      r.reason = worker_name() + " sent a malformed reply and was restarted: " + e.what();
    }
  }
  o.status = r.failure;
  o.error = r.reason;
  o.result = std::make_shared<gp_memtest_result>();
  o.result->struct_size = sizeof(gp_memtest_result);
  return o;
}

SupportAnswer WorkerBackend::supports(uint32_t device, const gp_run_params& params,
                                      double timeout_seconds) {
  Reply r = exchange(MessageType::SupportsRequest, worker::encode_point_request({device, params}),
                     MessageType::SupportsReply, timeout_seconds, params.cancel);
  if (!r.ok) return {r.failure, r.reason};
  try {
    return worker::decode_supports_reply(r.body.data(), r.body.size());
  } catch (const std::exception& e) {
    stop_worker(true);
    return {GP_ERR_DEVICE,
            worker_name() + " sent a malformed reply and was restarted: " + e.what()};
  }
}

RunOutcome WorkerBackend::run(uint32_t device, const gp_run_params& params,
                              double timeout_seconds) {
  Reply r = exchange(MessageType::RunRequest, worker::encode_point_request({device, params}),
                     MessageType::RunReply, timeout_seconds, params.cancel);
  RunOutcome o;
  if (!r.ok) {
    o.status = r.failure;
    o.error = r.reason;
    return o;
  }
  try {
    return worker::decode_run_reply(r.body.data(), r.body.size());
  } catch (const std::exception& e) {
    stop_worker(true);
    o.status = GP_ERR_DEVICE;
    o.error = worker_name() + " sent a malformed reply and was restarted: " + e.what();
    return o;
  }
}

void WorkerBackend::ping(double timeout_seconds) {
  const Reply r = exchange(MessageType::Ping, {}, MessageType::Pong, timeout_seconds, nullptr);
  if (!r.ok) throw std::runtime_error(r.reason);
  worker::decode_empty(r.body.data(), r.body.size());
}

bool WorkerBackend::kill_now() noexcept {
  killed_ = true;
  const pid_t pid = pid_.load();
  if (pid > 0) ::kill(pid, SIGKILL);
  return true;
}

}  // namespace gpuprobe
