// One gpuprobe-worker child process (RAII) and the thread that starts them.
//
// The worker is connected by a socketpair (a two-way pipe; send() with MSG_NOSIGNAL, so a
// dead worker is an error here, never a SIGPIPE in the host) and shares one page of memory
// (a memfd) that holds the plugin's cancel flag. It runs in its own process group, so a
// terminal's Ctrl-C reaches the front-end only, which decides what the worker does.
// PR_SET_PDEATHSIG makes the kernel SIGKILL it when its parent thread ends; that is why
// every worker is forked by one WorkerLauncher thread that lives as long as the Session
// (a worker forked by a run thread or by the GUI's discovery thread would die with it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "worker_protocol.hpp"

namespace gpuprobe::worker {

using Clock = std::chrono::steady_clock;

class WorkerProcess {
 public:
  // Forks and execs `worker_path` for `plugin_path`. Call on the launcher thread only.
  // Throws std::runtime_error when the process cannot be created.
  WorkerProcess(const std::string& worker_path, const std::string& plugin_path);
  // Closes the socket so the worker shuts its plugin down and exits; SIGKILL after a grace.
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  pid_t pid() const { return pid_; }
  // False when the worker is gone (the socket is closed).
  bool send(const Bytes& frame);

  enum class Received { Frame, Closed, TimedOut, Malformed };
  // Waits for one complete frame until `deadline`, calling `tick` about every 10 ms (to
  // forward a cancel). Frame: `type` and `body` are set. Malformed: `error` says why.
  Received receive(Clock::time_point deadline, const std::function<void()>& tick, MessageType& type,
                   Bytes& body, std::string& error);

  // The plugin's cancel flag, in the memory both processes map.
  // The plugin reads it atomically in the worker (plugin::cancelled).
  void set_cancel(int value) { __atomic_store_n(cancel_, value, __ATOMIC_RELAXED); }

  // Stops the worker (SIGKILL first when `kill_first`, else waits up to `grace`), reaps
  // it and says how it ended: "SIGSEGV", "exit status 3". Idempotent.
  std::string stop(bool kill_first, std::chrono::milliseconds grace = std::chrono::milliseconds(0));

 private:
  pid_t pid_ = -1;
  int socket_ = -1;
  int cancel_fd_ = -1;
  volatile int* cancel_ = nullptr;
  Bytes pending_;  // bytes read past the last frame
  std::string ended_;
};

// The one thread that forks workers (see above). launch() runs on it and returns there.
class WorkerLauncher {
 public:
  WorkerLauncher();
  ~WorkerLauncher();  // every worker it started gets SIGKILL from the kernel when it ends
  WorkerLauncher(const WorkerLauncher&) = delete;
  WorkerLauncher& operator=(const WorkerLauncher&) = delete;

  std::unique_ptr<WorkerProcess> launch(const std::string& worker_path,
                                        const std::string& plugin_path);

 private:
  void loop();
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

// "SIGSEGV" for a wait status of a signalled process, "exit status N" for an exit.
std::string describe_wait_status(int status);

}  // namespace gpuprobe::worker
