// BackendHandle over a plugin loaded in a gpuprobe-worker child process. Every call is one
// request and one reply under a deadline; a worker that dies (any signal, any exit), sends
// a malformed reply or outlives the deadline costs that call only: it comes back as a
// failed outcome with the reason ("crashed: SIGSEGV in the opencl worker", "timed out
// after 30 s: the opencl worker was stopped"), and the next call starts a fresh worker.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backend_handle.hpp"
#include "memtest_call.hpp"
#include "plugin_registry.hpp"
#include "worker_process.hpp"

namespace gpuprobe {

// The gpuprobe-worker executable: $GPUPROBE_WORKER if set, else the one next to the running
// executable, else one in a plugin directory; "" when none is found.
std::string find_worker_executable(const std::vector<std::string>& plugin_dirs);
inline constexpr const char* kWorkerExecutableName = "gpuprobe-worker";
// How long a worker may take to open its plugin (driver initialisation) at start-up.
inline constexpr double kWorkerStartSeconds = 120.0;

class WorkerBackend : public BackendHandle {
 public:
  // Starts the worker without waiting for it; await_ready() reads what it found. Starting
  // every worker first lets the drivers initialise in parallel.
  WorkerBackend(PluginFile file, std::string worker_path, worker::WorkerLauncher& launcher);
  ~WorkerBackend() override;
  void await_ready(double timeout_seconds);

  const BackendStatus& status() const override { return status_; }
  SupportAnswer supports(uint32_t device, const gp_run_params& params,
                         double timeout_seconds) override;
  RunOutcome run(uint32_t device, const gp_run_params& params, double timeout_seconds) override;
  bool kill_now() noexcept override;

  // The plugin's VRAM test on `device`; its progress arrives as messages between sweeps, and
  // a worker silent for `heartbeat_seconds` is stopped. A worker that dies comes back as a
  // failed outcome with the reason, as run() does.
  MemtestOutcome memtest(uint32_t device, const gp_memtest_params& params,
                         const MemtestProgress& progress, const volatile int* cancel,
                         double heartbeat_seconds);

  // One Ping/Pong round trip (the messaging cost); throws std::runtime_error on a failure.
  void ping(double timeout_seconds);

 private:
  struct Reply {
    bool ok = false;
    worker::Bytes body;
    gp_status failure = GP_ERR_DEVICE;
    std::string reason;  // why there is no reply
  };
  // Messages of `interim` type before the reply go to `on_interim`, each restarting the
  // deadline (a heartbeat).
  using Interim = std::function<void(const worker::Bytes&)>;
  Reply exchange(worker::MessageType request, const worker::Bytes& body,
                 worker::MessageType expected, double timeout_seconds, const volatile int* cancel,
                 const Interim& on_interim = {});
  std::string start(double timeout_seconds);  // "" or why the worker did not come up
  std::string stop_worker(bool kill_first);   // reaps; says how it ended
  std::string worker_name() const { return "the " + status_.name + " worker"; }

  PluginFile file_;
  std::string worker_path_;
  worker::WorkerLauncher& launcher_;
  BackendStatus status_;
  bool started_once_ = false;  // status_ holds the first Hello's findings
  std::unique_ptr<worker::WorkerProcess> process_;
  // The live worker's pid for kill_now() (a signal handler): cleared before the worker is
  // reaped, so a kill never reaches a recycled pid.
  std::atomic<pid_t> pid_{0};
  std::atomic<bool> killed_{false};
};

}  // namespace gpuprobe
