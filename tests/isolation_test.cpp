// Worker isolation: a plugin that crashes, aborts, hangs or returns garbage costs the points
// it fails, each with its reason; the other points and devices have results; cancel reaches
// the worker; SIGINT once and twice end the CLI with 130 and an incomplete document.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "abi_check.hpp"
#include "gpuprobe/result_io.hpp"
#include "gpuprobe/session.hpp"
#include "point_budget.hpp"
#include "worker_protocol.hpp"

using namespace gpuprobe;
namespace fs = std::filesystem;

namespace {

const std::string kFaulty = std::string(FAKE_PLUGIN_ROOT) + "/faulty";
const std::string kGood = std::string(FAKE_PLUGIN_ROOT) + "/good";

RunOptions fast(std::vector<std::string> kernels) {
  RunOptions o;
  o.kernels = std::move(kernels);
  o.samples = 5;
  o.min_sample_seconds = 0.002;
  o.sizes_bytes = {1 << 20};
  o.vector_widths = {4};
  o.point_timeout_seconds = 2.0;  // the hang costs 2 s, not 30
  return o;
}

const Measurement& only_point(const RunReport& r, const std::string& backend, uint32_t index,
                              const std::string& kernel) {
  for (const auto& d : r.devices)
    if (d.device.backend == backend && d.device.index == index)
      if (const KernelResult* k = d.find(kernel); k && k->points.size() == 1) return k->points[0];
  throw std::runtime_error("no single " + kernel + " point on " + backend + ":" +
                           std::to_string(index));
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Children of this process that run gpuprobe-worker.
std::vector<pid_t> worker_children() {
  std::vector<pid_t> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const size_t close = line.rfind(')');
    const size_t open = line.find('(');
    if (close == std::string::npos || open == std::string::npos) continue;
    const std::string comm = line.substr(open + 1, close - open - 1);
    char state = 0;
    int ppid = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) != 2) continue;
    if (ppid == getpid() && comm.rfind("gpuprobe-worke", 0) == 0 && state != 'Z')
      pids.push_back(std::stoi(name));
  }
  return pids;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST(Isolation, FaultyPluginCostsOnlyTheFailedPointsEachWithItsReason) {
  Session s({{kFaulty, kGood}});
  ASSERT_EQ(s.devices().size(), 3u) << "faulty:0, faulty:1 and fake:0";
  const RunReport r = s.run(fast({"read", "write", "copy", "launch_latency", "compute_fp32",
                                  "compute_int32", "compute_fp64"}));
  ASSERT_EQ(r.devices.size(), 3u);

  auto failed = [&](const std::string& kernel) { return only_point(r, "faulty", 0, kernel); };
  EXPECT_EQ(failed("write").status, MeasurementStatus::Error);
  EXPECT_EQ(failed("write").message, "crashed: SIGSEGV in the faulty worker");
  EXPECT_EQ(failed("copy").status, MeasurementStatus::Error);
  EXPECT_EQ(failed("copy").message, "crashed: SIGABRT in the faulty worker");
  EXPECT_EQ(failed("launch_latency").status, MeasurementStatus::Error);
  EXPECT_EQ(failed("launch_latency").message, "timed out after 2 s: the faulty worker was stopped");
  for (const char* garbage : {"compute_fp32", "compute_int32", "compute_fp64"}) {
    EXPECT_EQ(failed(garbage).status, MeasurementStatus::Error) << garbage;
    EXPECT_TRUE(contains(failed(garbage).message, "the plugin broke the ABI"))
        << garbage << ": " << failed(garbage).message;
    EXPECT_TRUE(failed(garbage).sample_seconds.empty()) << garbage;
  }
  EXPECT_TRUE(contains(failed("compute_fp32").message, "sample 0 time is nan"))
      << failed("compute_fp32").message;
  EXPECT_TRUE(
      contains(failed("compute_int32").message, "sample_count 71, more than GP_MAX_SAMPLES"))
      << failed("compute_int32").message;
  EXPECT_TRUE(contains(failed("compute_fp64").message, "no NUL terminator"))
      << failed("compute_fp64").message;

  // Between the failures the faulty device's read ran, in a restarted worker.
  EXPECT_EQ(failed("read").status, MeasurementStatus::Ok) << failed("read").message;
  // The other device of the same backend, and the other backend, have every result.
  for (const char* kernel : {"read", "write", "copy", "launch_latency", "compute_fp32",
                             "compute_int32", "compute_fp64"}) {
    const Measurement& m = only_point(r, "faulty", 1, kernel);
    EXPECT_EQ(m.status, MeasurementStatus::Ok) << kernel << ": " << m.message;
    EXPECT_GE(m.sample_seconds.size(), 5u) << kernel;
  }
  EXPECT_EQ(only_point(r, "fake", 0, "read").status, MeasurementStatus::Ok);
  EXPECT_TRUE(r.complete);

  // The document is valid and says the same after a round trip.
  const RunReport back = from_json(to_json(r));
  EXPECT_EQ(only_point(back, "faulty", 0, "write").message,
            "crashed: SIGSEGV in the faulty worker");
}

TEST(Isolation, GarbageResultsAreRefusedInProcessToo) {
  Session s({{kFaulty}, /*in_process=*/true});
  RunOptions o = fast({"compute_fp32", "compute_int32", "compute_fp64"});
  o.devices = {{"faulty", 0}};
  const RunReport r = s.run(o);
  for (const char* kernel : {"compute_fp32", "compute_int32", "compute_fp64"}) {
    const Measurement& m = only_point(r, "faulty", 0, kernel);
    EXPECT_EQ(m.status, MeasurementStatus::Error) << kernel;
    EXPECT_TRUE(contains(m.message, "the plugin broke the ABI")) << kernel << ": " << m.message;
  }
}

TEST(Isolation, CancelReachesTheWorkersPlugin) {
  Session s({{kGood}});
  RunOptions o = fast({"read"});
  o.min_sample_seconds = 1.0;  // a point takes >= 7 s unless the cancel reaches the plugin
  o.point_timeout_seconds = 60;
  s.start(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = std::chrono::steady_clock::now();
  s.cancel();
  const RunReport r = s.wait();
  EXPECT_LT(seconds_since(t0), 1.0);
  const Measurement& m = only_point(r, "fake", 0, "read");
  EXPECT_EQ(m.status, MeasurementStatus::Cancelled) << m.message;
  EXPECT_EQ(m.message, "cancelled") << "the plugin's own cancel message";
  EXPECT_FALSE(r.complete);
}

TEST(Isolation, AWorkerKilledMidRunCostsOnePointAndIsRestarted) {
  Session s({{kGood}});
  RunOptions o = fast({"read"});
  o.sizes_bytes = {1 << 20, 1 << 20, 1 << 20};  // three points
  o.min_sample_seconds = 0.1;
  s.start(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::vector<pid_t> workers = worker_children();
  ASSERT_EQ(workers.size(), 1u);
  ASSERT_EQ(kill(workers[0], SIGKILL), 0);
  const RunReport r = s.wait();
  const KernelResult* read = r.devices.at(0).find("read");
  ASSERT_NE(read, nullptr);
  ASSERT_EQ(read->points.size(), 3u);
  EXPECT_EQ(read->points[0].status, MeasurementStatus::Error);
  EXPECT_EQ(read->points[0].message, "crashed: SIGKILL in the fake worker");
  EXPECT_EQ(read->points[1].status, MeasurementStatus::Ok) << read->points[1].message;
  EXPECT_EQ(read->points[2].status, MeasurementStatus::Ok) << read->points[2].message;
  EXPECT_TRUE(r.complete);
}

TEST(Isolation, AbortNowStopsAHungPointAtOnce) {
  Session s({{kFaulty}});
  RunOptions o = fast({"launch_latency", "compute_fp32"});  // kernels.def order: the hang first
  o.devices = {{"faulty", 0}};
  o.point_timeout_seconds = 120;
  s.start(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto t0 = std::chrono::steady_clock::now();
  s.cancel();  // the hang ignores it
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(s.running());
  EXPECT_TRUE(s.abort_now());
  const RunReport r = s.wait();
  EXPECT_LT(seconds_since(t0), 2.0);
  const Measurement& hung = only_point(r, "faulty", 0, "launch_latency");
  EXPECT_EQ(hung.status, MeasurementStatus::Cancelled);
  EXPECT_EQ(hung.message, "stopped at once: the faulty worker was killed on request");
  EXPECT_EQ(only_point(r, "faulty", 0, "compute_fp32").message, "cancelled before it ran");
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.incomplete_reason, "stopped at once: the point in flight was killed");
  // The next run starts a fresh worker.
  const RunReport again = s.run(fast({"read"}));
  EXPECT_EQ(only_point(again, "faulty", 0, "read").status, MeasurementStatus::Ok);
}

TEST(Isolation, DestroyingTheSessionEndsItsWorkers) {
  std::vector<pid_t> workers;
  {
    Session s({{kFaulty, kGood}});
    workers = worker_children();
    EXPECT_EQ(workers.size(), 2u);
  }
  EXPECT_TRUE(worker_children().empty());
  for (pid_t pid : workers) EXPECT_NE(kill(pid, 0), 0) << pid << " is still there";
}

TEST(Isolation, DestroyingTheSessionDuringAHungPointIsPrompt) {
  auto s = std::make_unique<Session>(SessionConfig{{kFaulty}});
  RunOptions o = fast({"launch_latency"});
  o.devices = {{"faulty", 0}};
  o.point_timeout_seconds = 120;
  s->start(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = std::chrono::steady_clock::now();
  s.reset();
  EXPECT_LT(seconds_since(t0), 3.0);
  EXPECT_TRUE(worker_children().empty());
}

TEST(Isolation, MissingWorkerExecutableMakesBackendsUnavailableWithTheReason) {
  SessionConfig c{{kGood}};
  c.worker_path = "/nonexistent/gpuprobe-worker";
  Session s(c);
  ASSERT_EQ(s.backends().size(), 1u);
  EXPECT_FALSE(s.backends()[0].available);
  EXPECT_TRUE(contains(s.backends()[0].reason, "/nonexistent/gpuprobe-worker"))
      << s.backends()[0].reason;
}

TEST(Isolation, WatchdogOfAFirstMatmulShapeFollowsTheSlowestKernelMeasured) {
  DeviceResult device;
  Measurement naive;
  naive.requested = {.m = 512, .n = 512, .k = 512, .precision = "fp32"};
  naive.figure.median = 1.0;  // 1 GFLOPS
  device.kernels = {{"matmul_naive", "matmul", "GFLOPS", {naive}}};
  const PlannedPoint tiled{find_kernel("matmul_tiled"),
                           {.m = 1024, .n = 1024, .k = 1024, .precision = "fp32"}};
  RunOptions options;  // 5 samples: 7 launches of 2.15 GFLOP
  EXPECT_EQ(estimate_point_seconds(device, tiled, options), 0.0) << "no tiled shape measured";
  EXPECT_NEAR(family_estimate_seconds(device, tiled, options), 15.03, 0.01);
  const PlannedPoint read{find_kernel("read"), {.size_bytes = 1 << 20}};
  EXPECT_EQ(family_estimate_seconds(device, read, options), 0.0);
}

// --- the worker protocol -----------------------------------------------------------------

TEST(WorkerProtocol, MessagesRoundTrip) {
  worker::Hello h;
  h.worker_pid = 42;
  h.status.name = "opencl";
  h.status.available = true;
  DeviceInfo d;
  d.backend = "opencl";
  d.api = "OpenCL";
  d.index = 1;
  d.name = "dev";
  d.info = {{"a", int64_t{-5}, "bytes"}, {"b", true, ""}, {"c", 2.5, "MHz"}, {"d", "text", ""}};
  h.status.devices = {d};
  const auto hb = worker::encode_hello(h);
  const worker::Hello h2 = worker::decode_hello(hb.data(), hb.size());
  EXPECT_EQ(h2.worker_pid, 42u);
  ASSERT_EQ(h2.status.devices.size(), 1u);
  EXPECT_EQ(h2.status.devices[0].info.size(), 4u);
  EXPECT_EQ(h2.status.devices[0].info[2].to_string(), "2.5 MHz");

  RunOutcome o;
  o.iterations = 3;
  o.sample_seconds = {0.1, 0.2};
  o.note = "clamped";
  o.verification = GP_VERIFY_PASSED;
  const auto ob = worker::encode_run_reply(o);
  EXPECT_EQ(worker::decode_run_reply(ob.data(), ob.size()), o);

  worker::PointRequest q;
  q.device = 1;
  q.params.kernel = GP_KERNEL_COPY;
  q.params.size_bytes = 1234;
  q.params.min_sample_seconds = 0.02;
  const auto qb = worker::encode_point_request(q);
  const worker::PointRequest q2 = worker::decode_point_request(qb.data(), qb.size());
  EXPECT_EQ(q2.params.size_bytes, 1234u);
  EXPECT_EQ(q2.params.min_sample_seconds, 0.02);
  // Every precision of ABI 3 crosses to the worker as itself (a u32 on the wire).
  for (uint32_t precision = 0; precision < GP_PRECISION_COUNT; ++precision) {
    q.params.kernel = GP_KERNEL_MATMUL_VENDOR;
    q.params.precision = precision;
    const auto mb = worker::encode_point_request(q);
    EXPECT_EQ(worker::decode_point_request(mb.data(), mb.size()).params.precision, precision);
  }

  const auto frame = worker::encode_frame(worker::MessageType::Ping, {});
  worker::Frame f{};
  EXPECT_FALSE(worker::decode_frame(frame.data(), frame.size() - 1, f));
  ASSERT_TRUE(worker::decode_frame(frame.data(), frame.size(), f));
  EXPECT_EQ(f.type, worker::MessageType::Ping);
  EXPECT_EQ(f.frame_size, frame.size());
}

TEST(WorkerProtocol, MemtestMessagesRoundTripAndRefuseWhatCannotBe) {
  gp_memtest_params p{};
  p.passes = 2;
  p.max_bytes = 123456;
  p.patterns = 5;
  p.seed = 9;
  p.idle_seconds = 0.25;
  p.max_chunk_bytes = 4096;
  const worker::Bytes q = worker::encode_memtest_request(3, p);
  const worker::MemtestCall call = worker::decode_memtest_request(q.data(), q.size());
  EXPECT_EQ(call.device, 3u);
  EXPECT_EQ(call.params.struct_size, sizeof(gp_memtest_params));
  EXPECT_EQ(call.params.max_bytes, 123456u);
  EXPECT_EQ(call.params.max_chunk_bytes, 4096u);
  EXPECT_DOUBLE_EQ(call.params.idle_seconds, 0.25);
  EXPECT_EQ(call.params.cancel, nullptr);

  const worker::Bytes step = worker::encode_memtest_progress({0.5, "pass 1/2: random"});
  EXPECT_EQ(worker::decode_memtest_progress(step.data(), step.size()).step, "pass 1/2: random");
  const worker::Bytes beyond = worker::encode_memtest_progress({1.5, ""});
  EXPECT_THROW(worker::decode_memtest_progress(beyond.data(), beyond.size()),
               worker::ProtocolError);

  MemtestOutcome o;
  o.status = GP_ERR_CANCELLED;
  o.error = "cancelled";
  o.result = std::make_shared<gp_memtest_result>();
  o.result->tested_bytes = 1 << 20;
  o.result->error_count = 5000;  // more than were recorded
  o.result->failure_count = 2;
  o.result->failures[1] = {64, 1, 3, GP_MEMTEST_RANDOM, 1};
  std::snprintf(o.result->note, sizeof o.result->note, "chunks of 1 MiB");
  const worker::Bytes r = worker::encode_memtest_reply(o);
  const MemtestOutcome back = worker::decode_memtest_reply(r.data(), r.size());
  EXPECT_EQ(back.status, GP_ERR_CANCELLED);
  EXPECT_EQ(back.error, "cancelled");
  EXPECT_EQ(back.result->error_count, 5000u);
  ASSERT_EQ(back.result->failure_count, 2u);
  EXPECT_EQ(back.result->failures[1].address, 64u);
  EXPECT_EQ(back.result->failures[1].got, 3u);
  EXPECT_STREQ(back.result->note, "chunks of 1 MiB");
  for (size_t n = 0; n < r.size(); ++n)
    EXPECT_THROW(worker::decode_memtest_reply(r.data(), n), worker::ProtocolError) << n;
  // A failure count above the array (offset: status 4, error 4 + 9, then 4 + 5 * 8 + 4 + 8).
  worker::Bytes many = r;
  const size_t at = 4 + 4 + o.error.size() + 4 + 5 * 8 + 4 + 8;
  many[at] = 0xff;
  many[at + 1] = 0xff;
  EXPECT_THROW(worker::decode_memtest_reply(many.data(), many.size()), worker::ProtocolError);
}

TEST(WorkerProtocol, DecodersTrustNoLength) {
  RunOutcome o;
  o.sample_seconds = {0.1};
  worker::Bytes b = worker::encode_run_reply(o);
  // Every truncation is refused, never read past.
  for (size_t n = 0; n < b.size(); ++n)
    EXPECT_THROW(worker::decode_run_reply(b.data(), n), worker::ProtocolError) << n;
  // Trailing bytes are refused.
  worker::Bytes longer = b;
  longer.push_back(0);
  EXPECT_THROW(worker::decode_run_reply(longer.data(), longer.size()), worker::ProtocolError);
  // A sample count above GP_MAX_SAMPLES (offset: status 4 + error 4 + iterations 4).
  worker::Bytes many = b;
  many[12] = GP_MAX_SAMPLES + 1;
  EXPECT_THROW(worker::decode_run_reply(many.data(), many.size()), worker::ProtocolError);
  // A NaN sample.
  RunOutcome nan = o;
  nan.sample_seconds = {std::nan("")};
  const worker::Bytes nb = worker::encode_run_reply(nan);
  EXPECT_THROW(worker::decode_run_reply(nb.data(), nb.size()), worker::ProtocolError);
  // A string length far beyond the buffer.
  worker::Bytes huge = b;
  huge[4] = huge[5] = huge[6] = 0xff;
  EXPECT_THROW(worker::decode_run_reply(huge.data(), huge.size()), worker::ProtocolError);
  // Frames: a zero or oversized length, an unknown type.
  const uint8_t zero[] = {0, 0, 0, 0, 6};
  const uint8_t oversized[] = {0xff, 0xff, 0xff, 0x7f, 6};
  const uint8_t unknown[] = {1, 0, 0, 0, 99};
  worker::Frame f{};
  EXPECT_THROW(worker::decode_frame(zero, sizeof zero, f), worker::ProtocolError);
  EXPECT_THROW(worker::decode_frame(oversized, sizeof oversized, f), worker::ProtocolError);
  EXPECT_THROW(worker::decode_frame(unknown, sizeof unknown, f), worker::ProtocolError);
  EXPECT_FALSE(worker::decode_frame(nullptr, 0, f));
  // Another protocol version names both.
  worker::Hello h;
  h.version = worker::kProtocolVersion + 1;
  const worker::Bytes hb = worker::encode_hello(h);
  try {
    worker::decode_hello(hb.data(), hb.size());
    FAIL();
  } catch (const worker::ProtocolError& e) {
    EXPECT_TRUE(contains(e.what(), "protocol version " + std::to_string(h.version))) << e.what();
  }
  // A device count the bytes cannot hold.
  worker::Hello one;
  const worker::Bytes ob = worker::encode_hello(one);
  worker::Bytes lying = ob;
  lying[lying.size() - 4] = 200;  // 200 devices, no bytes for them
  EXPECT_THROW(worker::decode_hello(lying.data(), lying.size()), worker::ProtocolError);
  // A point request for a kernel that does not exist.
  worker::PointRequest q;
  q.params.kernel = GP_KERNEL_COUNT;
  const worker::Bytes qb = worker::encode_point_request(q);
  EXPECT_THROW(worker::decode_point_request(qb.data(), qb.size()), worker::ProtocolError);
}

TEST(AbiCheck, TableWithAMissingEntryIsNamed) {
  gp_plugin table{};
  EXPECT_EQ(table_violation(table), "the plugin table has no init entry");
}

// --- the CLI, as a user runs it ----------------------------------------------------------

namespace {

struct Child {
  pid_t pid = -1;
  int wait_status = 0;
  double seconds = 0;  // from start to exit
};

// Starts the real gpuprobe with `args` and GPUPROBE_PLUGIN_PATH=`plugins`; output to `log`.
pid_t spawn_cli(const std::vector<std::string>& args, const std::string& plugins,
                const std::string& log) {
  std::vector<std::string> argv_s = {std::string(GPUPROBE_BIN_DIR) + "/gpuprobe"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string env_path = "GPUPROBE_PLUGIN_PATH=" + plugins;
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    putenv(const_cast<char*>(env_path.c_str()));
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits up to `limit` seconds; SIGKILLs and fails the test beyond it.
int wait_exit(pid_t pid, double limit) {
  const auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (seconds_since(t0) > limit) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "gpuprobe did not exit within " << limit << " s";
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A worker of the front-end `parent` (a child running gpuprobe-worker), or -1.
pid_t worker_of(pid_t parent) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line) || line.find("(gpuprobe-worke") == std::string::npos) continue;
    int ppid = 0;
    char state = 0;
    if (std::sscanf(line.c_str() + line.rfind(')') + 1, " %c %d", &state, &ppid) == 2 &&
        ppid == parent)
      return std::stoi(entry.path().filename().string());
  }
  return -1;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(IsolationCli, FaultyRunCompletesWithEveryReasonInTheDocument) {
  const std::string json = testing::TempDir() + "/isolation_faulty.json";
  const std::string log = testing::TempDir() + "/isolation_faulty.log";
  const pid_t pid = spawn_cli(
      {"run", "-k", "read,write,copy,compute_fp64", "--sizes", "1MiB", "--widths", "4", "--samples",
       "5", "--min-sample-ms", "2", "--point-timeout-s", "2", "--json", json},
      kFaulty + ":" + kGood, log);
  EXPECT_EQ(wait_exit(pid, 60), 1) << "a failed point makes the exit code 1\n" << read_text(log);
  const RunReport r = load_report(json);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(only_point(r, "faulty", 0, "write").message, "crashed: SIGSEGV in the faulty worker");
  EXPECT_EQ(only_point(r, "faulty", 0, "copy").message, "crashed: SIGABRT in the faulty worker");
  EXPECT_EQ(only_point(r, "faulty", 1, "write").status, MeasurementStatus::Ok);
  EXPECT_EQ(only_point(r, "fake", 0, "read").status, MeasurementStatus::Ok);
  std::remove(json.c_str());
}

TEST(IsolationCli, OneSigintStopsAfterThePointInFlightAndWritesAnIncompleteDocument) {
  const std::string json = testing::TempDir() + "/isolation_sigint1.json";
  const std::string log = testing::TempDir() + "/isolation_sigint1.log";
  // Healthy points of 0.1 s samples: several finish, then the interrupt lands mid-point.
  const pid_t pid = spawn_cli(
      {"run", "-d", "faulty:1,fake:0", "-k", "read", "--sizes", "64KiB,128KiB,256KiB,512KiB,1MiB",
       "--widths", "4", "--samples", "5", "--min-sample-ms", "100", "--json", json},
      kFaulty + ":" + kGood, log);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ASSERT_EQ(kill(pid, SIGINT), 0);
  EXPECT_EQ(wait_exit(pid, 10), 130) << read_text(log);
  const RunReport r = load_report(json);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.incomplete_reason, "interrupted by SIGINT: stopped after the point in flight");
  size_t ok = 0, cancelled = 0;
  for (const auto& d : r.devices)
    for (const auto& k : d.kernels)
      for (const auto& p : k.points) {
        ok += p.status == MeasurementStatus::Ok;
        cancelled += p.status == MeasurementStatus::Cancelled;
      }
  EXPECT_GE(ok, 1u) << "the points finished before the interrupt are kept";
  EXPECT_GE(cancelled, 1u);
  std::remove(json.c_str());
}

TEST(IsolationCli, KillingAWorkerMidRunCostsAtMostThePointInFlight) {
  const std::string json = testing::TempDir() + "/isolation_kill_worker.json";
  const std::string log = testing::TempDir() + "/isolation_kill_worker.log";
  // Ten healthy points of five 0.1 s samples on one device; the worker dies during one.
  const pid_t pid =
      spawn_cli({"run", "-d", "faulty:1", "-k", "read", "--sizes",
                 "64KiB,128KiB,256KiB,512KiB,1MiB,2MiB,3MiB,4MiB,5MiB,6MiB", "--widths", "4",
                 "--samples", "5", "--min-sample-ms", "100", "--json", json},
                kFaulty, log);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const pid_t worker = worker_of(pid);
  ASSERT_GT(worker, 0) << read_text(log);
  ASSERT_EQ(kill(worker, SIGKILL), 0);
  EXPECT_EQ(wait_exit(pid, 60), 1) << "the killed point is a failure\n" << read_text(log);
  const RunReport r = load_report(json);
  EXPECT_TRUE(r.complete);
  ASSERT_EQ(r.devices.size(), 1u);
  size_t ok = 0, killed = 0;
  for (const auto& p : r.devices[0].find("read")->points) {
    ok += p.status == MeasurementStatus::Ok;
    killed += p.message == "crashed: SIGKILL in the faulty worker";
  }
  EXPECT_EQ(killed, 1u) << read_text(log);
  EXPECT_EQ(ok, 9u) << "every other point, before and after the kill, is measured";
  std::remove(json.c_str());
}

TEST(IsolationCli, SigkillOfTheFrontEndLeavesNoWorker) {
  const std::string log = testing::TempDir() + "/isolation_sigkill.log";
  const pid_t pid = spawn_cli(
      {"run", "-d", "faulty:0", "-k", "launch_latency", "--point-timeout-s", "300"}, kFaulty, log);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const pid_t worker = worker_of(pid);
  ASSERT_GT(worker, 0) << "the CLI runs its plugin in a worker\n" << read_text(log);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  waitpid(pid, nullptr, 0);
  // PR_SET_PDEATHSIG: the kernel kills the worker with its parent (init reaps it).
  const auto t0 = std::chrono::steady_clock::now();
  while (kill(worker, 0) == 0 && seconds_since(t0) < 5)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(kill(worker, 0), 0) << "worker " << worker << " outlived its SIGKILLed front-end";
}

TEST(IsolationCli, TwoSigintsKillTheHungWorkerAndStillWrite) {
  const std::string json = testing::TempDir() + "/isolation_sigint2.json";
  const std::string log = testing::TempDir() + "/isolation_sigint2.log";
  // read finishes, then launch_latency hangs ignoring cancel under a long watchdog.
  const pid_t pid = spawn_cli(
      {"run", "-d", "faulty:0", "-k", "read,launch_latency", "--sizes", "1MiB", "--widths", "4",
       "--samples", "5", "--min-sample-ms", "2", "--point-timeout-s", "300", "--json", json},
      kFaulty, log);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  ASSERT_EQ(kill(pid, SIGINT), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(waitpid(pid, nullptr, WNOHANG), 0) << "one SIGINT must not end a hung point";
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(pid, SIGINT), 0);
  EXPECT_EQ(wait_exit(pid, 10), 130) << read_text(log);
  EXPECT_LT(seconds_since(t0), 3.0);
  const RunReport r = load_report(json);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.incomplete_reason, "interrupted by SIGINT twice: the point in flight was killed");
  EXPECT_EQ(only_point(r, "faulty", 0, "read").status, MeasurementStatus::Ok);
  EXPECT_EQ(only_point(r, "faulty", 0, "launch_latency").status, MeasurementStatus::Cancelled);
  std::remove(json.c_str());
}

TEST(IsolationCli, InProcessASecondSigintEndsAtOnceAndSaysWhereTheFinishedPointsAre) {
  // In-process a hung point cannot be killed: the second SIGINT ends gpuprobe by the signal,
  // and before that it names the journal and the command that makes a document of it.
  const std::string json = testing::TempDir() + "/isolation_sigint2_inprocess.json";
  const std::string log = testing::TempDir() + "/isolation_sigint2_inprocess.log";
  const pid_t pid =
      spawn_cli({"run", "--in-process", "-d", "faulty:0", "-k", "read,launch_latency", "--sizes",
                 "1MiB", "--widths", "4", "--samples", "5", "--min-sample-ms", "2", "--json", json},
                kFaulty, log);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  ASSERT_EQ(kill(pid, SIGINT), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(waitpid(pid, nullptr, WNOHANG), 0) << "one SIGINT must not end a hung point";
  ASSERT_EQ(kill(pid, SIGINT), 0);
  const auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0 && seconds_since(t0) < 10)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(WIFSIGNALED(status)) << read_text(log);
  EXPECT_EQ(WTERMSIG(status), SIGINT);
  const std::string text = read_text(log);
  EXPECT_NE(text.find("interrupted twice while running in-process"), std::string::npos) << text;
  EXPECT_NE(text.find("gpuprobe recover " + json + ".journal --json FILE"), std::string::npos)
      << text;
  std::ifstream journal(json + ".journal");
  EXPECT_TRUE(journal.good()) << "the journal the message names must exist";
  std::remove((json + ".journal").c_str());
}
