// Nothing finished is lost: the result writer (write whole, flush, rename), the checks of an
// output path before a run, and the journal that `gpuprobe recover` reads back.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "gpuprobe/journal.hpp"
#include "gpuprobe/output_file.hpp"
#include "gpuprobe/result_io.hpp"
#include "gpuprobe/session.hpp"
#include "gpuprobe/utf8.hpp"
#include "measure.hpp"
#include "measurement_fixture.hpp"
#include "statistics.hpp"

using namespace gpuprobe;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test.
std::string scratch(const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / ("result_writer_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

Measurement point(uint64_t size, double seconds) {
  Measurement m;
  m.requested = m.effective = {.size_bytes = size, .vector_width = 4};
  m.iterations = 2;
  m.work_per_iteration = double(size);
  m.sample_seconds = {seconds, seconds * 1.01, seconds * 0.99, seconds, seconds * 1.02};
  m.timer = "device";
  m.verified = true;
  test::derive_statistics(m, kernel_spec(GP_KERNEL_READ));
  return m;
}

DeviceInfo device(uint32_t index) {
  DeviceInfo d;
  d.backend = "cpu";
  d.api = "host";
  d.index = index;
  d.name = "CPU " + std::to_string(index);
  d.info = {{"name", d.name, ""}, {"compute_units", int64_t{4}, ""}};
  return d;
}

// A report whose tool version and point count say which writer wrote it.
RunReport report(int writer, size_t points) {
  RunReport r;
  r.tool_version = "writer-" + std::to_string(writer);
  r.mode = "quick";
  r.host = {"box", "os", "cpu", 1ull << 30, 2};
  r.backends = {{"cpu", "/x/gpuprobe-backend-cpu.so", true, "", {device(0)}}};
  DeviceResult d;
  d.device = device(0);
  KernelResult k{"read", "bandwidth", "GB/s", {}};
  // 64-bit sizes: a large report (many points) shifts past 32 bits.
  for (size_t i = 0; i < points; ++i)
    k.points.push_back(point(uint64_t{4096} << (i % 40), 0.01 + 0.001 * i));
  d.kernels = {k};
  r.devices = {d};
  return r;
}

size_t files_in(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST(ResultWriter, ReplacesAnEarlierFileWholeAndLeavesNoTemporaryFile) {
  const std::string dir = scratch("replace");
  const std::string path = dir + "/out.json";
  save_report(report(1, 3), path);
  save_report(report(2, 1), path);
  const RunReport back = load_report(path);
  EXPECT_EQ(back.tool_version, "writer-2");
  EXPECT_EQ(back.devices.at(0).kernels.at(0).points.size(), 1u);
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(ResultWriter, KeepsThePermissionsOfTheFileItReplaces) {
  const std::string path = scratch("mode") + "/out.json";
  write_file(path, "earlier");
  ::chmod(path.c_str(), 0640);
  save_report(report(1, 1), path);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(ResultWriter, WritesThroughASymlinkAndKeepsTheLink) {
  const std::string dir = scratch("symlink");
  write_file(dir + "/real.json", "earlier");
  fs::create_symlink(dir + "/real.json", dir + "/link.json");
  save_report(report(3, 1), dir + "/link.json");
  EXPECT_TRUE(fs::is_symlink(dir + "/link.json"));
  EXPECT_EQ(load_report(dir + "/real.json").tool_version, "writer-3");
}

TEST(ResultWriter, DirectoryTargetFailsNamingThePathAndIsLeftAlone) {
  const std::string dir = scratch("directory");
  fs::create_directories(dir + "/target");
  write_file(dir + "/target/inside", "x");
  try {
    save_report(report(1, 1), dir + "/target");
    FAIL() << "writing over a directory succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(dir + "/target"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Is a directory"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file(dir + "/target/inside"), "x");
  EXPECT_EQ(files_in(dir), 1u);  // no temporary file left
}

TEST(ResultWriter, DevFullFailsWithTheSystemsReason) {
  try {
    save_report(report(1, 1), "/dev/full");
    FAIL() << "writing to /dev/full succeeded";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'/dev/full'"), std::string::npos) << what;
    EXPECT_NE(what.find(std::strerror(ENOSPC)), std::string::npos) << what;
  }
}

TEST(ResultWriter, MissingDirectoryFailsNamingThePath) {
  const std::string path = scratch("missing") + "/no/such/dir/out.json";
  try {
    save_report(report(1, 1), path);
    FAIL() << "writing into a missing directory succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(std::strerror(ENOENT)), std::string::npos) << e.what();
  }
}

// A write that fails half-way (the file size limit, which holds even for root, stands in for
// a full disk) leaves the earlier document as it was and no temporary file.
TEST(ResultWriter, FailedWriteLeavesTheEarlierFileUntouched) {
  const std::string dir = scratch("earlier");
  const std::string path = dir + "/out.json";
  save_report(report(7, 1), path);
  const std::string earlier = read_file(path);
  const RunReport big = report(8, 40);
  ASSERT_GT(to_json(big).size(), 4 * earlier.size());

  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    std::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG instead of killing us
    const rlimit limit{earlier.size() + 100, earlier.size() + 100};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::string message = "no error";
    try {
      save_report(big, path);
    } catch (const std::exception& e) {
      message = e.what();
    }
    (void)!::write(pipe_fds[1], message.data(), message.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find(std::strerror(EFBIG)), std::string::npos) << message;
  EXPECT_NE(message.find("left as it was"), std::string::npos) << message;
  EXPECT_EQ(read_file(path), earlier);
  EXPECT_EQ(files_in(dir), 1u) << "a temporary file was left behind";
}

// Several processes and threads write the same path over and over while a reader keeps
// reading it: every read is one whole document from one writer, never a mixture.
TEST(ResultWriter, ConcurrentWritersLeaveOneCompleteDocument) {
  const std::string dir = scratch("concurrent");
  const std::string path = dir + "/out.json";
  save_report(report(0, 1), path);
  constexpr int kProcesses = 4, kThreads = 3, kWrites = 30;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      int failures = 0;
      std::vector<std::thread> threads;
      for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, writer = 1 + p * kThreads + t] {
          // Writers of different sizes: a mixture of two would not parse or would not match.
          const RunReport mine = report(writer, 1 + writer % 7);
          for (int i = 0; i < kWrites; ++i) try {
              save_report(mine, path);
            } catch (...) {
              ++failures;
            }
        });
      for (auto& t : threads) t.join();
      ::_exit(failures == 0 ? 0 : 1);
    }
    children.push_back(child);
  }
  size_t reads = 0;
  bool finished = false;
  while (!finished) {
    finished = true;
    for (pid_t c : children) {
      int status = 0;
      const pid_t r = ::waitpid(c, &status, WNOHANG);
      if (r == 0) finished = false;
      if (r == c) {
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a write failed";
      }
    }
    const RunReport seen = load_report(path);  // throws on a torn document
    const int writer = std::stoi(seen.tool_version.substr(std::string("writer-").size()));
    ASSERT_EQ(seen.devices.at(0).kernels.at(0).points.size(), size_t(writer ? 1 + writer % 7 : 1))
        << "points of one writer under another's name";
    ++reads;
  }
  EXPECT_GT(reads, 0u);
  const RunReport last = load_report(path);
  EXPECT_NE(last.tool_version, "writer-0");
  EXPECT_EQ(files_in(dir), 1u) << "temporary files were left behind";
}

TEST(ResultWriter, InvalidUtf8ThatSlipsThroughIsReplacedNotFatal) {
  RunReport r = report(1, 1);
  r.devices[0].device.name = "bad \xFF name \xE2\x82";
  r.devices[0].kernels[0].points[0].message = std::string("note cut \xC3", 10);
  const std::string path = scratch("utf8") + "/out.json";
  ASSERT_NO_THROW(save_report(r, path));
  const RunReport back = load_report(path);
  EXPECT_EQ(back.devices[0].device.name, "bad \xEF\xBF\xBD name \xEF\xBF\xBD");
  EXPECT_EQ(back.devices[0].kernels[0].points[0].message, "note cut \xEF\xBF\xBD");
}

TEST(ResultWriter, CompleteFieldRoundTripsAndOlderDocumentsAreComplete) {
  RunReport r = report(1, 1);
  r.complete = false;
  r.incomplete_reason = "interrupted";
  const RunReport back = from_json(to_json(r));
  EXPECT_FALSE(back.complete);
  EXPECT_EQ(back.incomplete_reason, "interrupted");
  EXPECT_EQ(back.schema_minor, kResultSchemaMinor);

  auto older = nlohmann::json::parse(to_json(report(1, 1)));
  older.erase("complete");
  older.erase("incomplete_reason");
  older["schema"]["minor"] = 1;
  const RunReport old = from_json(older.dump());
  EXPECT_TRUE(old.complete);
  EXPECT_EQ(old.incomplete_reason, "");
}

TEST(OutputPath, RegularAndNewFilesAreFilesDevicesAreStreams) {
  const std::string dir = scratch("kinds");
  EXPECT_EQ(check_output_path("--json", dir + "/new.json"), OutputKind::File);
  write_file(dir + "/old.json", "x");
  EXPECT_EQ(check_output_path("--json", dir + "/old.json"), OutputKind::File);
  EXPECT_EQ(check_output_path("--json", "/dev/null"), OutputKind::Stream);
  EXPECT_EQ(check_output_path("--json", "/dev/full"), OutputKind::Stream);
  // A FIFO is checked without being opened: this returns at once although nobody reads it.
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0600), 0);
  EXPECT_EQ(check_output_path("--json", dir + "/fifo"), OutputKind::Stream);
}

TEST(OutputPath, UnusableTargetsAreUsageErrorsNamingTheProblem) {
  const std::string dir = scratch("unusable");
  auto message = [](const std::string& path) {
    try {
      check_output_path("--json", path);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message(dir).find("is a directory"), std::string::npos) << message(dir);
  EXPECT_NE(message(dir + "/no/x.json").find("does not exist"), std::string::npos);
  EXPECT_NE(message(dir + "/no/x.json").find("cannot write there"), std::string::npos);
  write_file(dir + "/file", "x");
  EXPECT_NE(message(dir + "/file/x.json").find("not a directory"), std::string::npos)
      << message(dir + "/file/x.json");
  EXPECT_NE(message("-").find("--format json"), std::string::npos);
  EXPECT_NE(message("/dev/no-such-device").find("does not exist"), std::string::npos);
  EXPECT_NE(message("").find("empty"), std::string::npos);
}

TEST(OutputPath, TwoOutputsNamingOneFileAreRefused) {
  const std::string dir = scratch("distinct");
  EXPECT_THROW(check_distinct_outputs({{"--save", dir + "/x"}, {"--screenshot", dir + "/./x"}}),
               std::invalid_argument);
  EXPECT_THROW(check_distinct_outputs({{"--save", dir + "/x"}, {"--screenshot", dir + "/y/../x"}}),
               std::invalid_argument);
  EXPECT_NO_THROW(check_distinct_outputs({{"--save", dir + "/x"}, {"--screenshot", dir + "/y"}}));
  EXPECT_NO_THROW(check_distinct_outputs({{"--save", dir + "/x"}, {"--screenshot", ""}}));
  try {
    check_distinct_outputs({{"--save", dir + "/x"}, {"--screenshot", dir + "/x"}});
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--save and --screenshot"), std::string::npos);
  }
}

TEST(Journal, EveryAppendedPointIsRecoveredAndACutLastLineIsSkipped) {
  const std::string dir = scratch("journal");
  const std::string path = journal_path_for(dir + "/out.json");
  EXPECT_EQ(path, dir + "/out.json.journal");
  RunReport header = report(5, 0);
  header.backends[0].devices.push_back(device(1));
  header.devices.clear();
  {
    ResultJournal journal(dir + "/out.json", header);
    ASSERT_EQ(journal.path(), path);
    DeviceResult d0;
    d0.device = device(0);
    DeviceResult d1;
    d1.device = device(1);
    d1.memory.dram_working_set_bytes = 1 << 20;
    const KernelResult read{"read", "bandwidth", "GB/s", {}};
    journal.append(d0, read, point(4096, 0.01));
    journal.append(d0, read, point(8192, 0.02));
    Measurement failed;
    failed.status = MeasurementStatus::Error;
    failed.message = "device lost";
    journal.append(d1, read, failed);
    // Destroyed without remove(): what a killed run leaves.
  }
  const std::string whole = read_file(path);
  // The kill came in the middle of the next line.
  std::ofstream(path, std::ios::app) << "{\"schema\": {\"name\": \"gpuprobe-res";

  const RecoveredRun recovered = recover_journal(path);
  EXPECT_EQ(recovered.points, 3u);
  ASSERT_EQ(recovered.notes.size(), 1u);
  EXPECT_NE(recovered.notes[0].find("line 5"), std::string::npos) << recovered.notes[0];
  EXPECT_NE(recovered.notes[0].find("cut short"), std::string::npos) << recovered.notes[0];
  const RunReport& r = recovered.report;
  EXPECT_FALSE(r.complete);
  EXPECT_NE(r.incomplete_reason.find("journal"), std::string::npos);
  EXPECT_EQ(r.tool_version, "writer-5");
  EXPECT_EQ(r.host.hostname, "box");
  ASSERT_EQ(r.devices.size(), 2u);
  EXPECT_EQ(r.devices[0].device.info.size(), 2u) << "device info comes back from the header";
  ASSERT_EQ(r.devices[0].kernels.size(), 1u);
  ASSERT_EQ(r.devices[0].kernels[0].points.size(), 2u);
  EXPECT_EQ(r.devices[0].kernels[0].points[1].requested.size_bytes, 8192u);
  EXPECT_EQ(r.devices[1].kernels[0].points[0].message, "device lost");
  EXPECT_EQ(r.devices[1].memory.dram_working_set_bytes, 1u << 20);
  // The recovered document is a normal one: it saves and loads.
  const std::string out = dir + "/recovered.json";
  save_report(r, out);
  EXPECT_FALSE(load_report(out).complete);
  EXPECT_NE(whole.find('\n'), std::string::npos);
}

TEST(Journal, RemoveDeletesTheFile) {
  const std::string result = scratch("remove") + "/out.json";
  const std::string path = journal_path_for(result);
  ResultJournal journal(result, report(1, 0));
  EXPECT_TRUE(fs::exists(path));
  journal.remove();
  EXPECT_FALSE(fs::exists(path));
}

TEST(Journal, AnExistingJournalIsNeverTouchedAndTheNewRunJournalsBesideIt) {
  const std::string result = scratch("existing") + "/out.json";
  const std::string usual = journal_path_for(result);
  RunReport header = report(1, 0);
  header.devices.clear();
  {
    ResultJournal live(result, header);
    EXPECT_EQ(live.path(), usual);
    EXPECT_EQ(live.note(), "");
    ResultJournal second(result, header);  // another run writing the same file at once
    EXPECT_NE(second.path(), usual);
    EXPECT_NE(second.note().find("another gpuprobe run"), std::string::npos) << second.note();
    second.remove();
  }
  const std::string left = read_file(usual);  // what a killed run leaves
  ResultJournal after(result, header);
  EXPECT_NE(after.path(), usual);
  EXPECT_NE(after.note().find("gpuprobe recover " + usual), std::string::npos) << after.note();
  EXPECT_EQ(read_file(usual), left);
  after.remove();
  EXPECT_EQ(read_file(usual), left);
}

TEST(Journal, AFileThatIsNotAJournalIsAnErrorNamingIt) {
  const std::string path = scratch("notjournal") + "/x.journal";
  write_file(path, "hello\n");
  try {
    recover_journal(path);
    FAIL() << "recovered a file that is not a journal";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a gpuprobe journal"), std::string::npos) << e.what();
  }
  EXPECT_THROW(recover_journal(scratch("notjournal2")), std::runtime_error);  // a directory
}

// Driver text is made UTF-8 where it enters the core, before any writer sees it: a device
// name and a note with bytes that are not UTF-8 come out of the Session with U+FFFD.
TEST(DriverText, IsMadeUtf8WhereItEntersTheCore) {
  ::setenv("GPUPROBE_FAKE_DEVICE_NAME", "GPU \xFF\xC0\xAF", 1);
  ::setenv("GPUPROBE_FAKE_NOTE", "note \xED\xA0\x80 end", 1);
  RunReport r;
  {
    Session session(SessionConfig{{std::string(FAKE_PLUGIN_ROOT) + "/good"}});
    ASSERT_EQ(session.devices().size(), 1u);
    EXPECT_EQ(session.devices()[0].name, "GPU \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    RunOptions options;
    options.kernels = {"read"};
    options.sizes_bytes = {4096};
    options.vector_widths = {4};
    options.min_sample_seconds = 0.001;
    size_t seen = 0;
    options.on_point_finished = [&](const DeviceResult& d, const KernelResult& k,
                                    const Measurement& m) {
      ++seen;
      EXPECT_EQ(d.device.backend, "fake");
      EXPECT_EQ(k.kernel, "read");
      EXPECT_EQ(&m, &k.points.back()) << "the callback sees the point as stored";
    };
    r = session.run(options);
    EXPECT_EQ(seen, 1u);
  }
  ::unsetenv("GPUPROBE_FAKE_DEVICE_NAME");
  ::unsetenv("GPUPROBE_FAKE_NOTE");
  const Measurement& m = r.devices.at(0).kernels.at(0).points.at(0);
  EXPECT_TRUE(utf8_is_valid(m.message)) << m.message;
  EXPECT_NE(m.message.find("note \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end"), std::string::npos)
      << m.message;
  EXPECT_TRUE(utf8_is_valid(r.devices[0].device.name));
}
