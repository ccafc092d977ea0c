#include "gpuprobe/session.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "gpuprobe_version.hpp"
#include "host_info.hpp"
#include "measure.hpp"
#include "plugin_backend.hpp"
#include "plugin_registry.hpp"
#include "point_budget.hpp"
#include "suite_plan.hpp"
#include "worker_backend.hpp"

namespace gpuprobe {
namespace {

std::string join_names(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "(none)" : s;
}

// The result of `spec` on `device`, created in kernels.def order (the chase runs first, but
// reads in its usual place).
KernelResult& kernel_result_for(DeviceResult& device, const KernelSpec& spec) {
  auto& kernels = device.kernels;
  for (auto& k : kernels)
    if (k.kernel == spec.name) return k;
  auto order = [](const std::string& name) {
    const KernelSpec* s = find_kernel(name);
    return s ? s->id : GP_KERNEL_COUNT;
  };
  auto at = std::find_if(kernels.begin(), kernels.end(),
                         [&](const KernelResult& k) { return order(k.kernel) > spec.id; });
  return *kernels.insert(at, {spec.name, spec.family, spec.unit, {}});
}

}  // namespace

Session::Session(SessionConfig config) {
  const auto dirs = config.plugin_dirs.empty() ? default_plugin_dirs() : config.plugin_dirs;
  if (config.in_process) {
    registry_ = std::make_unique<PluginRegistry>(dirs);
    backends_ = registry_->backends();
    discovery_notes_ = registry_->notes();
    for (const auto& status : backends_)
      if (const gp_plugin* table = registry_->plugin(status.name))
        handles_.push_back(
            std::make_unique<PluginBackend>(*table, status, registry_->telemetry(status.name)));
    return;
  }
  const std::string worker_path =
      config.worker_path.empty() ? find_worker_executable(dirs) : config.worker_path;
  const std::vector<PluginFile> files = find_plugin_files(dirs, &discovery_notes_);
  if (worker_path.empty()) {
    for (const auto& f : files)
      backends_.push_back({f.name,
                           f.path,
                           false,
                           std::string(kWorkerExecutableName) +
                               " was not found next to this program or in the plugin "
                               "directories; reinstall gpuprobe, set GPUPROBE_WORKER to its "
                               "path, or run in-process (--in-process)",
                           {}});
    return;
  }
  launcher_ = std::make_unique<worker::WorkerLauncher>();
  std::vector<WorkerBackend*> started;
  for (const auto& f : files) {
    auto backend = std::make_unique<WorkerBackend>(f, worker_path, *launcher_);
    started.push_back(backend.get());
    handles_.push_back(std::move(backend));
  }
  // Every worker opens its driver at once; then collect what each found.
  for (WorkerBackend* b : started) b->await_ready(kWorkerStartSeconds);
  // A renamed copy names itself like one already found: the first wins, the copy's worker ends.
  for (auto h = handles_.begin(); h != handles_.end();) {
    const BackendStatus status = (*h)->status();
    auto first = std::find_if(backends_.begin(), backends_.end(),
                              [&](const BackendStatus& b) { return b.name == status.name; });
    if (first == backends_.end()) {
      backends_.push_back(status);
      ++h;
    } else {
      discovery_notes_.push_back(ignored_copy_note(status.library, status.name, first->library));
      h = handles_.erase(h);
    }
  }
}

Session::~Session() {
  if (running_) abort_now();
  cancel();
  if (worker_.joinable()) worker_.join();
  handles_.clear();  // workers first: they were forked by the launcher's thread
  launcher_.reset();
}

BackendHandle* Session::handle(const std::string& backend) const {
  for (const auto& h : handles_)
    if (h->status().name == backend) return h.get();
  return nullptr;
}

const std::vector<BackendStatus>& Session::backends() const { return backends_; }

std::vector<DeviceInfo> Session::devices() const {
  std::vector<DeviceInfo> all;
  for (const auto& b : backends_)
    if (b.available) all.insert(all.end(), b.devices.begin(), b.devices.end());
  return all;
}

void Session::validate(const RunOptions& options) const {
  for (const auto& ref : options.devices) {
    const BackendStatus* found = nullptr;
    std::vector<std::string> names;
    for (const auto& b : backends_) {
      names.push_back(b.name);
      if (b.name == ref.backend) found = &b;
    }
    if (!found)
      throw std::invalid_argument("unknown backend '" + ref.backend +
                                  "'; found: " + join_names(names));
    if (!found->available)
      throw std::invalid_argument("backend '" + ref.backend + "' is unavailable: " + found->reason);
    if (ref.index >= found->devices.size())
      throw std::invalid_argument("device " + std::to_string(ref.index) +
                                  " is out of range for backend '" + ref.backend + "' (" +
                                  (found->devices.empty()
                                       ? std::string("it has no devices")
                                       : "valid: 0.." + std::to_string(found->devices.size() - 1)) +
                                  ")");
  }
  for (const auto& k : options.kernels) {
    if (!find_kernel(k)) {
      std::vector<std::string> names;
      for (const auto& spec : kernel_specs()) names.push_back(spec.name);
      throw std::invalid_argument("unknown kernel '" + k + "'; valid: " + join_names(names));
    }
  }
  if (options.samples < 1 || options.samples > GP_MAX_SAMPLES)
    throw std::invalid_argument("samples must be between 1 and " + std::to_string(GP_MAX_SAMPLES));
  if (!(options.point_timeout_seconds > 0))
    throw std::invalid_argument("the point timeout must be a positive number of seconds");
  if (options.max_samples < options.samples || options.max_samples > GP_MAX_SAMPLES)
    throw std::invalid_argument("max_samples must be between samples (" +
                                std::to_string(options.samples) + ") and " +
                                std::to_string(GP_MAX_SAMPLES));
}

RunReport Session::run(const RunOptions& options, const ProgressCallback& progress) {
  validate(options);
  cancel_ = 0;
  aborted_ = false;
  return run_validated(options, progress);
}

RunReport Session::run_validated(const RunOptions& options, const ProgressCallback& progress) {
  auto report = std::make_shared<RunReport>();
  report->tool_version = GPUPROBE_VERSION;
  report->started_utc = utc_now_iso8601();
  report->mode = options.mode == SuiteMode::Full ? "full" : "quick";
  report->host = read_host_info();
  report->backends = backends_;

  std::vector<DeviceInfo> targets;
  if (options.devices.empty()) {
    targets = devices();
  } else {
    for (const auto& ref : options.devices)
      for (const auto& b : backends_)
        if (b.name == ref.backend) targets.push_back(b.devices.at(ref.index));
  }

  // Plan everything first so progress can say "n of N". Where the chase runs first, the
  // DRAM points are planned again from its knee, and the total follows.
  const uint64_t llc = host_llc_bytes();
  const bool chase_first = chase_sizes_dram(options);
  std::vector<std::vector<PlannedPoint>> plans;
  size_t total = 0;
  for (const auto& d : targets) {
    const MemoryPlan guess = plan_dram_working_set(d, llc, options, nullptr);
    plans.push_back(plan_suite(d, options, guess.dram_working_set_bytes));
    total += plans.back().size();
  }

  MeasurePolicy policy;
  policy.samples = options.samples;
  policy.max_samples = options.max_samples;
  policy.target_ci_half_width = options.target_ci_half_width;
  policy.sampling_budget_seconds = options.sampling_budget_seconds >= 0
                                       ? options.sampling_budget_seconds
                                       : kSamplingBudgetSeconds;
  policy.min_sample_seconds = options.min_sample_seconds;
  policy.seed = options.seed;
  policy.cancel = reinterpret_cast<const volatile int*>(&cancel_);
  static_assert(sizeof(std::atomic<int>) == sizeof(int),
                "cancel flag is shared with plugins as int");

  auto publish = [&] {
    std::lock_guard lock(mutex_);
    snapshot_ = std::make_shared<const RunReport>(*report);
  };

  size_t done = 0;
  for (size_t di = 0; di < targets.size(); ++di) {
    const DeviceInfo& device = targets[di];
    BackendHandle* backend = handle(device.backend);
    DeviceResult result;
    result.device = device;
    report->devices.push_back(result);
    publish();
    size_t device_done = 0;
    auto run_point = [&](const PlannedPoint& point) {
      Progress p;
      p.device = {device.backend, device.index};
      p.device_label = device.label();
      p.kernel = point.kernel->name;
      p.device_done = device_done;
      p.device_total = plans[di].size();
      p.done = done;
      p.total = total;
      p.message = point.kernel->name + " " + describe_params(point.kernel->name, point.params);
      if (progress) progress(p);

      Measurement m;
      const std::string over_budget =
          options.matmul_shapes.empty()
              ? estimate_over_budget(report->devices.back(), point, options)
              : std::string();  // shapes the user named always run
      if (cancel_) {
        m.requested = m.effective = point.params;
        m.status = MeasurementStatus::Cancelled;
        m.message = "cancelled before it ran";
      } else if (!over_budget.empty()) {
        m.requested = m.effective = point.params;
        m.status = MeasurementStatus::Skipped;
        m.message = over_budget;
      } else {
        MeasurePolicy watched = policy;
        watched.watchdog_seconds =
            std::max({options.point_timeout_seconds,
                      10.0 * family_estimate_seconds(report->devices.back(), point, options),
                      2.0 * policy.sampling_budget_seconds});
        m = measure_point(*backend, device.index, *point.kernel, point.params, watched);
      }
      KernelResult& stored = kernel_result_for(report->devices.back(), *point.kernel);
      stored.points.push_back(std::move(m));
      if (options.on_point_finished)
        options.on_point_finished(report->devices.back(), stored, stored.points.back());
      ++done;
      ++device_done;
      publish();
    };
    // Replaces this device's plan (and its share of the total) with `updated`.
    auto replan = [&](std::vector<PlannedPoint> updated) {
      total = total - plans[di].size() + updated.size();
      plans[di] = std::move(updated);
    };

    std::vector<PlannedPoint> rest = plans[di];
    if (chase_first) {
      // The chase first: where its latency reaches DRAM sizes every DRAM point after it.
      const std::vector<PlannedPoint> chase = plan_chase(device, options);
      size_t ran = 0;
      for (const auto& point : chase) {
        const KernelResult* so_far = report->devices.back().find("pointer_chase");
        if (so_far && chase_is_settled(*so_far, options)) break;
        run_point(point);
        ++ran;
      }
      const MemoryPlan memory =
          plan_dram_working_set(device, llc, options, report->devices.back().find("pointer_chase"));
      report->devices.back().memory = memory;
      rest.clear();
      for (const auto& point : plan_suite(device, options, memory.dram_working_set_bytes))
        if (point.kernel->id != GP_KERNEL_POINTER_CHASE) rest.push_back(point);
      std::vector<PlannedPoint> updated(chase.begin(), chase.begin() + ran);
      updated.insert(updated.end(), rest.begin(), rest.end());
      replan(std::move(updated));
    } else {
      report->devices.back().memory = plan_dram_working_set(device, llc, options, nullptr);
    }
    publish();
    for (const auto& point : rest) run_point(point);

    Progress p;
    p.device = {device.backend, device.index};
    p.device_label = device.label();
    p.device_done = p.device_total = plans[di].size();
    p.done = done;
    p.total = total;
    p.message = "done";
    if (progress) progress(p);
  }
  if (cancel_) {
    report->complete = false;
    report->incomplete_reason = aborted_ ? "stopped at once: the point in flight was killed"
                                         : "cancelled before the run finished";
  }
  publish();
  return *report;
}

void Session::start(const RunOptions& options, ProgressCallback progress) {
  if (running_) throw std::logic_error("a run is already in progress");
  if (worker_.joinable()) worker_.join();
  validate(options);  // throw on the caller's thread, not the worker's
  cancel_ = 0;
  aborted_ = false;
  running_ = true;
  worker_ = std::thread([this, options, progress = std::move(progress)] {
    std::string error;
    try {
      run_validated(options, progress);
    } catch (const std::exception& e) {
      error = std::string("run stopped: ") + e.what();
    } catch (...) {
      error = "run stopped by an unknown exception";
    }
    {
      std::lock_guard lock(mutex_);
      error_ = error;
    }
    running_ = false;
  });
}

bool Session::running() const { return running_; }

void Session::cancel() { cancel_ = 1; }

bool Session::abort_now() {
  cancel_ = 1;
  aborted_ = true;
  bool stopped = !handles_.empty();
  for (const auto& h : handles_) stopped = h->kill_now() && stopped;
  return stopped;
}

RunReport Session::wait() {
  if (worker_.joinable()) worker_.join();
  auto s = snapshot();
  return s ? *s : RunReport{};
}

std::string Session::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

std::shared_ptr<const RunReport> Session::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

}  // namespace gpuprobe
