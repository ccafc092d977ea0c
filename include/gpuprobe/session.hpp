// Session: the one way front-ends drive gpuprobe. Discover backends and devices, run a
// suite on a worker thread with progress and cancel, and read immutable snapshots of the
// results. The CLI, the GUI and the tests all use it; none calls a plugin directly.
// Each backend runs in its own gpuprobe-worker process under a per-point watchdog (or, with
// SessionConfig::in_process, in this process as before, for debugging).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

class PluginRegistry;
class BackendHandle;
namespace worker {
class WorkerLauncher;
}

enum class SuiteMode { Quick, Full };

struct DeviceRef {
  std::string backend;
  uint32_t index = 0;
  bool operator==(const DeviceRef&) const = default;
};

struct MatmulShape {
  uint64_t m = 0, n = 0, k = 0;
};

// Timed seconds of samples after which a point stops sampling (the minimum count is always
// taken). It keeps a whole run of every kernel on a 2-core machine within its target
// (--quick under a minute for ~130 points, --full under ten for ~1150); a user who wants
// every point settled passes a larger --sampling-budget-s.
inline constexpr double kSamplingBudgetSeconds = 0.3;

// Called on the running thread as each point is stored (a journal hooks here): the device's
// results so far, the point's kernel and the point.
using PointFinishedCallback = std::function<void(
    const DeviceResult& device, const KernelResult& kernel, const Measurement& point)>;

struct RunOptions {
  std::vector<DeviceRef> devices;    // empty: every device of every available backend
  std::vector<std::string> kernels;  // empty: every kernel
  SuiteMode mode = SuiteMode::Quick;
  double min_sample_seconds = 0.020;  // batch launches until one sample lasts this long
  uint32_t samples = 5;               // minimum timed samples per point (>= 5 for statistics)
  // Adaptive sampling (gpuprobe/sampling_rule.hpp): beyond `samples`, sample until the 95 %
  // confidence interval of the median is within +-target_ci_half_width of it, up to
  // max_samples, or until sampling_budget_seconds of timed batches are spent (negative:
  // kSamplingBudgetSeconds).
  uint32_t max_samples = 64;  // GP_MAX_SAMPLES
  double target_ci_half_width = 0.02;
  double sampling_budget_seconds = -1.0;
  uint32_t seed = 12345;
  // Overrides of the suite's sweeps (empty: the mode decides).
  std::vector<uint64_t> sizes_bytes;       // size-swept kernels (bandwidth, latency, transfers)
  std::vector<uint32_t> vector_widths;     // read / write / copy
  std::vector<MatmulShape> matmul_shapes;  // matmul kernels (these always run)
  // Matmul precisions by name (gpuprobe/precision.hpp), run on every matmul kernel that has
  // them (matmul_tensor: fp16 only); empty: fp32 (and fp16 for matmul_tensor), plus with
  // --full each precision whose device-info key ("fp16", "tf32", "bf16", "int8") is true.
  std::vector<std::string> matmul_precisions;
  // A matmul point estimated to take longer than this is skipped with its estimate
  // (0: no limit). Keeps --full within minutes on software devices.
  double point_budget_seconds = 45.0;
  PointFinishedCallback on_point_finished;  // optional
  // Watchdog: a worker still busy with one point after the larger of this, 10x the
  // point's estimate (matmul) and twice the sampling budget is stopped, the point fails
  // with "timed out", and the run goes on with a fresh worker. Not enforced in-process.
  double point_timeout_seconds = 30.0;
};

struct Progress {
  DeviceRef device;
  std::string device_label;
  std::string kernel;
  size_t device_done = 0, device_total = 0;  // points finished / planned on this device
  size_t done = 0, total = 0;                // over the whole run
  std::string message;                       // what is running now
};

using ProgressCallback = std::function<void(const Progress&)>;

struct SessionConfig {
  // Directories searched for gpuprobe-backend-*.so. Empty: $GPUPROBE_PLUGIN_PATH
  // (colon-separated) if set, else the directory of the running executable.
  std::vector<std::string> plugin_dirs;
  // Load every plugin into this process instead of a worker each (no crash isolation, no
  // watchdog; for debugging a plugin).
  bool in_process = false;
  // The gpuprobe-worker executable. Empty: $GPUPROBE_WORKER if set, else the one next to
  // the running executable, else one in a plugin directory.
  std::string worker_path = {};
};

class Session {
 public:
  explicit Session(SessionConfig config = {});
  ~Session();  // aborts and joins a running suite, then ends its workers / unloads plugins
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::vector<BackendStatus>& backends() const;
  // What plugin discovery passed over (a missing directory, a second copy of a backend),
  // one line each, for the front-end to show as notes.
  const std::vector<std::string>& discovery_notes() const { return discovery_notes_; }
  std::vector<DeviceInfo> devices() const;  // every device of every available backend

  // Throws std::invalid_argument naming the valid choices for an unknown backend,
  // device index or kernel.
  void validate(const RunOptions& options) const;

  // Blocking run on the calling thread.
  RunReport run(const RunOptions& options, const ProgressCallback& progress = {});

  // Asynchronous run on a worker thread; progress is called from that thread.
  void start(const RunOptions& options, ProgressCallback progress = {});
  bool running() const;
  // Stops the run after the point in flight; the plugin sees its cancel flag at its next
  // check. Async-signal-safe.
  void cancel();
  // Cancels and stops the point in flight at once: every worker is SIGKILLed (and started
  // again for the next run). Async-signal-safe. False in-process, where nothing can be
  // stopped (the caller decides whether to wait or to exit).
  bool abort_now();
  RunReport wait();  // joins the worker and returns the final report
  // Results so far of the current or last run (cheap copy under a lock).
  std::shared_ptr<const RunReport> snapshot() const;
  // Why the last asynchronous run stopped early ("" when it did not): an exception on the
  // worker thread (out of memory, ...), reported here instead of being lost.
  std::string error() const;

 private:
  RunReport run_validated(const RunOptions& options, const ProgressCallback& progress);
  BackendHandle* handle(const std::string& backend) const;
  std::unique_ptr<PluginRegistry> registry_;             // in-process only
  std::unique_ptr<worker::WorkerLauncher> launcher_;     // outlives the workers it forked
  std::vector<std::unique_ptr<BackendHandle>> handles_;  // one per backend
  std::vector<BackendStatus> backends_;
  std::atomic<bool> aborted_{false};
  std::vector<std::string> discovery_notes_;
  std::thread worker_;
  std::atomic<int> cancel_{0};
  std::atomic<bool> running_{false};
  mutable std::mutex mutex_;
  std::shared_ptr<const RunReport> snapshot_;
  std::string error_;
};

}  // namespace gpuprobe
