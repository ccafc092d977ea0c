// Hostile result files: the reader checks the file before reading it and the document
// before using it, and says where and what in plain words.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "gpuprobe/input_file.hpp"
#include "gpuprobe/result_io.hpp"
#include "measure.hpp"
#include "measurement_fixture.hpp"
#include "refusal.hpp"
#include "statistics.hpp"

using namespace gpuprobe;

namespace {

// One device, one kernel (read), one consistent ok point, as a run writes it.
RunReport one_point_report() {
  RunReport r;
  r.tool_version = "9.9.9";
  r.host = {"box", "Debian 12", "Some CPU", 1ull << 34, 2};
  DeviceInfo d;
  d.backend = "cpu";
  d.index = 0;
  d.name = "CPU";
  r.backends = {{"cpu", "/x/gpuprobe-backend-cpu.so", true, "", {d}}};
  Measurement m;
  m.requested = m.effective = {.size_bytes = 1 << 20, .vector_width = 4};
  m.iterations = 2;
  m.work_per_iteration = double(1 << 20);
  m.sample_seconds = {0.020, 0.021, 0.022, 0.023, 0.024};
  m.timer = "host";
  m.verified = true;
  test::derive_statistics(m, kernel_spec(GP_KERNEL_READ));
  DeviceResult dr;
  dr.device = d;
  dr.kernels = {{"read", "bandwidth", "GB/s", {m}}};
  r.devices = {dr};
  return r;
}

nlohmann::json document() { return nlohmann::json::parse(to_json(one_point_report())); }

// The message from_json (or load_report) throws; "" if it loads.
template <typename F>
std::string refusal(F f) {
  return gpuprobe::test::refusal<std::runtime_error>(f);
}

std::string refusal_of(const std::string& text) {
  return refusal([&] { from_json(text); });
}

void expect_plain(const std::string& message) {
  EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
  EXPECT_LT(message.size(), 600u) << message;
  for (char c : message) EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << message;
}

std::string temp_path(const std::string& name) { return testing::TempDir() + "/" + name; }

TEST(ResultReader, TheWriterOutputStillLoads) {
  EXPECT_EQ(refusal_of(to_json(one_point_report())), "");
}

TEST(ResultReader, FifoIsRefusedAtOnceNotWaitedOn) {
  const std::string path = temp_path("gpuprobe_reader_fifo");
  std::remove(path.c_str());
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  // Should the reader wait for a writer, this one turns up after 5 s so the test ends.
  std::atomic<bool> returned{false};
  std::thread rescue([&] {
    for (int i = 0; i < 50 && !returned; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
  });
  const auto start = std::chrono::steady_clock::now();
  const std::string message = refusal([&] { load_report(path); });
  returned = true;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rescue.join();
  EXPECT_LT(seconds, 2.0);
  EXPECT_NE(message.find("is a FIFO, not a regular file"), std::string::npos) << message;
  EXPECT_NE(message.find(path), std::string::npos) << message;
  std::remove(path.c_str());
}

TEST(ResultReader, DevicesDirectoriesAndEmptyFilesAreNamedForWhatTheyAre) {
  EXPECT_NE(refusal([] { load_report("/dev/zero"); }).find("is a character device"),
            std::string::npos);
  const std::string dir = temp_path("gpuprobe_reader_dir");
  std::filesystem::create_directories(dir);
  const std::string message = refusal([&] { load_report(dir); });
  EXPECT_NE(message.find("is a directory"), std::string::npos) << message;
  EXPECT_EQ(message.find("unexpected end of input"), std::string::npos) << message;
  const std::string empty = temp_path("gpuprobe_reader_empty.json");
  std::ofstream(empty).close();
  EXPECT_NE(refusal([&] { load_report(empty); }).find("is empty"), std::string::npos);
  std::remove(empty.c_str());
}

TEST(ResultReader, FilesAboveTheCapAreRefusedUnread) {
  const std::string path = temp_path("gpuprobe_reader_huge.json");
  { std::ofstream(path) << "{"; }
  std::filesystem::resize_file(path, kMaxResultFileBytes + 1);  // sparse: no disk used
  const std::string message = refusal([&] { load_report(path); });
  EXPECT_NE(message.find("larger than the 64 MiB a result file may be"), std::string::npos)
      << message;
  std::remove(path.c_str());
}

TEST(ResultReader, NegativeAndOverflowingCountsNameTheirPointer) {
  auto doc = document();
  doc["devices"][0]["kernels"][0]["points"][0]["figure"]["count"] = -1;
  std::string message = refusal_of(doc.dump());
  EXPECT_NE(
      message.find("at /devices/0/kernels/0/points/0/figure/count: the number -1 is negative"),
      std::string::npos)
      << message;
  expect_plain(message);

  std::string text = document().dump();
  const std::string from = "\"iterations\":2";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "\"iterations\":99999999999999999999999");
  message = refusal_of(text);
  EXPECT_NE(message.find("/devices/0/kernels/0/points/0/iterations"), std::string::npos) << message;
  expect_plain(message);

  doc = document();
  doc["devices"][0]["index"] = uint64_t{1} << 32;  // above uint32: would wrap to 0
  message = refusal_of(doc.dump());
  EXPECT_NE(message.find("at /devices/0/index: the number 4294967296 is out of range"),
            std::string::npos)
      << message;
}

// Schema 1.3 names tf32, bf16 and int8; a name no minor up to ours defines is a typo to
// refuse, while a newer minor may bring precisions this reader does not know.
TEST(ResultReader, PrecisionNamesAreCheckedUpToThisMinorVersion) {
  for (const char* name : {"fp32", "tf32", "fp16", "bf16", "int8"}) {
    auto doc = document();
    doc["devices"][0]["kernels"][0]["points"][0]["requested"]["precision"] = name;
    const std::string text = doc.dump();
    EXPECT_EQ(refusal_of(text), "") << name;
    EXPECT_EQ(from_json(text).devices[0].kernels[0].points[0].requested.precision, name);
  }
  auto doc = document();
  doc["devices"][0]["kernels"][0]["points"][0]["effective"]["precision"] = "fp8";
  const std::string message = refusal_of(doc.dump());
  EXPECT_EQ(message,
            "at /devices/0/kernels/0/points/0/effective/precision: the string 'fp8' is not a "
            "matmul precision (fp32, tf32, fp16, bf16, int8)");
  doc["schema"]["minor"] = kResultSchemaMinor + 1;
  EXPECT_EQ(refusal_of(doc.dump()), "");
}

TEST(ResultReader, NanAndInfiniteFiguresAreRefused) {
  // JSON has no NaN: a library writes null for it; 1e999 reads as infinity.
  std::string text = document().dump();
  const std::string from = "\"sample_seconds\":[0.02,";
  ASSERT_NE(text.find(from), std::string::npos) << text;
  std::string inf = text;
  inf.replace(inf.find(from), from.size(), "\"sample_seconds\":[1e999,");
  std::string message = refusal_of(inf);
  EXPECT_NE(message.find("number overflow parsing '1e999'"), std::string::npos) << message;
  EXPECT_NE(message.find("at /devices/0/kernels/0/points/0/sample_seconds/0: "), std::string::npos)
      << message;
  std::string later = text;  // the third sample of the point: the index counts what was read
  const std::string second = "\"sample_seconds\":[0.02,";
  later.replace(later.find(second), second.size(), "\"sample_seconds\":[0.02,0.02,-1e999,");
  message = refusal_of(later);
  EXPECT_NE(message.find("at /devices/0/kernels/0/points/0/sample_seconds/2: "), std::string::npos)
      << message;
  expect_plain(message);
  auto doc = document();
  doc["devices"][0]["kernels"][0]["points"][0]["figure"]["median"] = nullptr;
  message = refusal_of(doc.dump());
  EXPECT_NE(message.find("/figure/median: null where a number belongs"), std::string::npos)
      << message;
}

TEST(ResultReader, MoreSamplesThanEverTakenAreRefused) {
  auto doc = document();
  auto& samples = doc["devices"][0]["kernels"][0]["points"][0]["sample_seconds"];
  while (samples.size() <= GP_MAX_SAMPLES) samples.push_back(0.02);
  const std::string message = refusal_of(doc.dump());
  EXPECT_NE(message.find("/sample_seconds: 65 samples, more than the 64"), std::string::npos)
      << message;
}

TEST(ResultReader, NestingBeyondTheSchemaIsRefusedEarly) {
  const std::string bomb = std::string(100000, '[') + std::string(100000, ']');
  const std::string message = refusal_of(bomb);
  EXPECT_NE(message.find("nested deeper than the 16 levels"), std::string::npos) << message;
  expect_plain(message);
}

TEST(ResultReader, FutureMajorSchemaNamesItsPointer) {
  auto doc = document();
  doc["schema"]["major"] = 2;
  doc["devices"] = "laid out differently";  // a newer major may change anything else
  const std::string message = refusal_of(doc.dump());
  EXPECT_NE(message.find("at /schema/major: result schema 2."), std::string::npos) << message;
}

TEST(ResultReader, WrongTypesAreRephrasedWithoutLibraryInternals) {
  auto doc = document();
  doc["devices"][0]["name"] = 5;
  const std::string message = refusal_of(doc.dump());
  EXPECT_NE(message.find("at /devices/0/name: the number 5 where text belongs"), std::string::npos)
      << message;
  expect_plain(message);
}

TEST(ResultReader, TruncatedLongStringIsNotQuotedWhole) {
  auto doc = document();
  doc["host"]["cpu"] = std::string(300000, 'x');
  const std::string text = doc.dump();
  const std::string message = refusal_of(text.substr(0, text.find("xxxx") + 200000));
  EXPECT_NE(message.find("not valid JSON at line 1"), std::string::npos) << message;
  expect_plain(message);
}

TEST(ResultReader, ControlCharactersInEchoedNamesAreEscaped) {
  auto doc = document();
  auto& kernel = doc["devices"][0]["kernels"][0];
  kernel["kernel"] = "future\x1b[2Jkernel";  // unknown kernel: only the order is checked
  kernel["points"][0]["figure"]["median"] = 1e30;
  const std::string message = refusal_of(doc.dump());
  EXPECT_NE(message.find("at /devices/0/kernels/0/points/0"), std::string::npos) << message;
  EXPECT_NE(message.find("future\\x1B[2Jkernel"), std::string::npos) << message;
  expect_plain(message);
}

}  // namespace

// Schema 1.4: how the run was taken. Optional (older documents and journal recoveries lack
// it); when present it is read back as written, and a hostile one names its pointer.
TEST(ResultReaderOrigin, FrontEndAndWindowFrameRateRoundTrip) {
  RunReport r = one_point_report();
  EXPECT_FALSE(from_json(to_json(r)).origin);
  EXPECT_EQ(document().count("origin"), 0u);
  r.origin = RunOrigin{"gui", 2.25, "llvmpipe (LLVM 15.0.6, 256 bits)"};
  RunReport back = from_json(to_json(r));
  ASSERT_TRUE(back.origin);
  EXPECT_EQ(back.origin->front_end, "gui");
  ASSERT_TRUE(back.origin->window_frames_per_second);
  EXPECT_EQ(*back.origin->window_frames_per_second, 2.25);
  EXPECT_EQ(back.origin->renderer, "llvmpipe (LLVM 15.0.6, 256 bits)");
  EXPECT_EQ(back.schema_minor, kResultSchemaMinor);
  r.origin = RunOrigin{"cli", std::nullopt, ""};
  back = from_json(to_json(r));
  ASSERT_TRUE(back.origin);
  EXPECT_EQ(back.origin->front_end, "cli");
  EXPECT_FALSE(back.origin->window_frames_per_second);
}

TEST(ResultReaderOrigin, HostileOriginIsRefusedNamingItsPointer) {
  const std::pair<const char*, const char*> cases[] = {
      {R"("gui")", "at /origin: the string 'gui' where an object belongs"},
      {R"({})", "at /origin: the field 'front_end' is missing"},
      {R"({"front_end": 3})", "at /origin/front_end:"},
      {R"({"front_end": "gui", "window_frames_per_second": "fast"})",
       "at /origin/window_frames_per_second: the string 'fast' where a number belongs"},
      {R"({"front_end": "gui", "window_frames_per_second": 1e999})",
       "at /origin/window_frames_per_second:"},  // the parser's overflow, or "not finite"
      {R"({"front_end": "gui", "window_frames_per_second": -1})",
       "at /origin/window_frames_per_second: a frame rate below zero"},
      {R"({"front_end": "gui", "renderer": 7})", "at /origin/renderer:"},
  };
  for (const auto& [origin, expected] : cases) {
    std::string text = document().dump();
    text.insert(text.size() - 1, std::string(",\"origin\":") + origin);
    const std::string message = refusal_of(text);
    EXPECT_NE(message.find(expected), std::string::npos) << origin << "\n" << message;
    expect_plain(message);
  }
}
