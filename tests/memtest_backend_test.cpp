// The VRAM test on every backend present (CPU on host RAM, OpenCL on PoCL, Vulkan on
// lavapipe here): clean memory reads clean, and every bit flipped on purpose
// (GPUPROBE_FAULT=memtest_flip, applied in device memory between fill and verify) is found
// by the device-side verify, at its address, with exactly its bits, in every verify sweep.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "memtest_plugin.hpp"
#include "required_components.hpp"

namespace gpuprobe {
namespace {

constexpr uint64_t kTestBytes = 4 << 20;
// Verify sweeps in one pass of every pattern: own address, walking ones, walking zeros,
// moving inversions (verify-and-invert, verify), random, retention.
constexpr uint64_t kVerifiesPerPass = 7;

struct FaultEnv {
  explicit FaultEnv(const std::string& value) { setenv("GPUPROBE_FAULT", value.c_str(), 1); }
  ~FaultEnv() { unsetenv("GPUPROBE_FAULT"); }
};

class MemtestBackend : public testing::TestWithParam<std::string> {
 protected:
  MemtestRequest request() const {
    MemtestRequest r;
    r.backend = GetParam();
    r.max_bytes = kTestBytes;
    r.passes = 1;
    r.seed = 11;
    r.idle_seconds = 0.05;
    return r;
  }
  // Runs the test, or skips when this build or machine lacks the backend (a failure when
  // GPUPROBE_REQUIRE names it).
  bool run(const MemtestRequest& r, MemtestReport& report) {
    try {
      report = run_memtest({GPUPROBE_BIN_DIR}, r, in_process_);
      return true;
    } catch (const std::exception& e) {
      if (test::component_required(GetParam())) {
        ADD_FAILURE() << GetParam() << " is required but: " << e.what();
        return false;
      }
      skip_reason_ = e.what();
      return false;
    }
  }
  // Expects the request refused as bad input naming `why`; returns a reason to skip when
  // this build or machine lacks the backend (a failure when GPUPROBE_REQUIRE names it).
  std::string expect_refused(const MemtestRequest& r, const std::string& why) {
    try {
      run_memtest({GPUPROBE_BIN_DIR}, r, in_process_);
      ADD_FAILURE() << "accepted";
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      if (message.rfind("no backend '", 0) == 0 && !test::component_required(GetParam()))
        return message;
      EXPECT_NE(message.find(why), std::string::npos) << message;
    } catch (const std::exception& e) {
      if (!test::component_required(GetParam())) return e.what();
      ADD_FAILURE() << e.what();
    }
    return "";
  }
  std::string skip_reason_;
  bool in_process_ = false;  // the default path is the worker process, as `gpuprobe memtest`'s
};

TEST_P(MemtestBackend, CleanMemoryHasNoErrors) {
  MemtestReport report;
  if (!run(request(), report)) GTEST_SKIP() << skip_reason_;
  EXPECT_EQ(report.status, GP_OK) << report.error;
  EXPECT_EQ(report.tested_bytes, kTestBytes);
  EXPECT_EQ(report.passes_done, 1u);
  EXPECT_EQ(report.words_checked, kTestBytes / 4 * kVerifiesPerPass);
  EXPECT_EQ(report.error_count, 0u) << format_memtest_table(report);
  EXPECT_TRUE(report.passed());
}

TEST_P(MemtestBackend, EveryInjectedFlipIsFoundAndPlaced) {
  // First word, one bit mid-buffer, several bits, the last word; two passes.
  const std::vector<std::pair<uint64_t, uint32_t>> flips = {
      {0, 0x1}, {0x12344, 0x80000000u}, {0x200000, 0x00ff0000u}, {kTestBytes - 4, 0xffffffffu}};
  std::string value = "memtest_flip:";
  for (const auto& [address, mask] : flips)
    value += std::to_string(address) + ":" + std::to_string(mask) + ",";
  value.pop_back();
  const FaultEnv fault(value);
  MemtestRequest r = request();
  r.passes = 2;
  MemtestReport report;
  if (!run(r, report)) GTEST_SKIP() << skip_reason_;
  ASSERT_EQ(report.status, GP_OK) << report.error;
  EXPECT_EQ(report.error_count, flips.size() * kVerifiesPerPass * 2)
      << format_memtest_table(report);
  EXPECT_EQ(report.failures.size(), report.error_count);
  for (const auto& [address, mask] : flips) {
    uint64_t found = 0;
    for (const MemtestFailure& f : report.failures)
      if (f.address == address) {
        EXPECT_EQ(f.expected ^ f.got, mask) << "at " << address << " in " << f.pattern;
        ++found;
      }
    EXPECT_EQ(found, kVerifiesPerPass * 2) << "flip at " << address;
  }
  for (const MemtestFailure& f : report.failures) {
    bool injected = false;
    for (const auto& flip : flips) injected |= f.address == flip.first;
    EXPECT_TRUE(injected) << "false error at " << f.address;
  }
  EXPECT_EQ(report.analysis.lowest_address, 0u);
  EXPECT_EQ(report.analysis.highest_address, kTestBytes - 4);
  EXPECT_EQ(report.analysis.bit_position[31], 2u * kVerifiesPerPass * 2);
  EXPECT_NE(report.note.find("FAULT INJECTED"), std::string::npos) << report.note;
}

// Four 1 MiB chunks: each chunk's own kernel, its base address and the flips on both sides
// of every border are placed in the one address space of the tested memory.
TEST_P(MemtestBackend, FlipsAcrossChunkBordersArePlaced) {
  constexpr uint64_t kChunk = 1 << 20;
  const std::vector<std::pair<uint64_t, uint32_t>> flips = {
      {kChunk - 4, 0x2}, {kChunk, 0x4}, {2 * kChunk + 0x40, 0x10000}, {4 * kChunk - 4, 0x1}};
  std::string value = "memtest_flip:";
  for (const auto& [address, mask] : flips)
    value += std::to_string(address) + ":" + std::to_string(mask) + ",";
  value.pop_back();
  const FaultEnv fault(value);
  MemtestRequest r = request();
  r.max_chunk_bytes = kChunk;
  MemtestReport report;
  if (!run(r, report)) GTEST_SKIP() << skip_reason_;
  ASSERT_EQ(report.status, GP_OK) << report.error;
  EXPECT_EQ(report.chunk_count, 4u);
  EXPECT_EQ(report.words_checked, kTestBytes / 4 * kVerifiesPerPass);
  EXPECT_EQ(report.error_count, flips.size() * kVerifiesPerPass) << format_memtest_table(report);
  for (const auto& [address, mask] : flips) {
    uint64_t found = 0;
    for (const MemtestFailure& f : report.failures)
      if (f.address == address && (f.expected ^ f.got) == mask) ++found;
    EXPECT_EQ(found, kVerifiesPerPass) << "flip at " << address;
  }
}

TEST_P(MemtestBackend, AFlipBeyondTheTestedMemoryIsRefused) {
  const FaultEnv fault("memtest_flip:" + std::to_string(kTestBytes) + ":1");
  const std::string skip = expect_refused(request(), "beyond the tested memory");
  if (!skip.empty()) GTEST_SKIP() << skip;
}

TEST_P(MemtestBackend, MoreMemoryThanTheDeviceHasIsABadRequest) {
  MemtestRequest r = request();
  r.max_bytes = uint64_t{1} << 50;
  const std::string skip = expect_refused(r, "the device has");
  if (!skip.empty()) GTEST_SKIP() << skip;
}

// The test runs in a gpuprobe-worker: its progress between sweeps comes back as messages,
// in order, one at least per pattern.
TEST_P(MemtestBackend, ProgressArrivesFromTheWorkerInOrder) {
  std::vector<std::pair<double, std::string>> steps;
  MemtestReport report;
  try {
    report = run_memtest(
        {GPUPROBE_BIN_DIR}, request(), false,
        [&](double fraction, const std::string& step) { steps.emplace_back(fraction, step); });
  } catch (const std::exception& e) {
    if (test::component_required(GetParam())) FAIL() << e.what();
    GTEST_SKIP() << e.what();
  }
  EXPECT_EQ(report.status, GP_OK) << report.error;
  ASSERT_GE(steps.size(), size_t{GP_MEMTEST_PATTERN_COUNT});
  for (size_t i = 1; i < steps.size(); ++i)
    EXPECT_GE(steps[i].first, steps[i - 1].first) << steps[i].second;
  EXPECT_NE(steps.front().second.find("own_address"), std::string::npos) << steps.front().second;
}

// --in-process: the plugin in this process finds the same flip at the same place.
TEST_P(MemtestBackend, InProcessFindsTheSameFlip) {
  in_process_ = true;
  const FaultEnv fault("memtest_flip:8192:0x100");
  MemtestReport report;
  if (!run(request(), report)) GTEST_SKIP() << skip_reason_;
  ASSERT_EQ(report.status, GP_OK) << report.error;
  EXPECT_EQ(report.error_count, kVerifiesPerPass) << format_memtest_table(report);
  ASSERT_FALSE(report.failures.empty());
  EXPECT_EQ(report.failures.front().address, 8192u);
}

#ifdef GPUPROBE_MEMTEST_GPU_ONLY
// memtest_gpu_test (ctest label gpu): CUDA runs only where a driver and a GPU are; here it
// skips, saying why ("unavailable: no CUDA driver (libcuda.so.1 not found)").
INSTANTIATE_TEST_SUITE_P(Backends, MemtestBackend, testing::Values("cuda"),
                         [](const auto& info) { return info.param; });
#else
INSTANTIATE_TEST_SUITE_P(Backends, MemtestBackend, testing::Values("cpu", "opencl", "vulkan"),
                         [](const auto& info) { return info.param; });

// Every plugin built here, CUDA included (it builds without a GPU), exports the optional
// entry with this header's version, and its run() refuses a call before init() with a
// message instead of touching a driver.
TEST(MemtestEntry, EveryBuiltPluginExportsTheVersionedTable) {
  int checked = 0;
  for (const char* name : {"cpu", "opencl", "vulkan", "cuda"}) {
    const std::string path = std::string(GPUPROBE_BIN_DIR) + "/gpuprobe-backend-" + name + ".so";
    if (!std::filesystem::exists(path)) continue;
    std::unique_ptr<void, int (*)(void*)> handle(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL),
                                                 &dlclose);
    ASSERT_TRUE(handle) << dlerror();
    auto entry =
        reinterpret_cast<gp_memtest_entry_fn>(dlsym(handle.get(), GP_MEMTEST_ENTRY_SYMBOL));
    ASSERT_NE(entry, nullptr) << name << " exports no " << GP_MEMTEST_ENTRY_SYMBOL;
    const gp_memtest* table = entry();
    ASSERT_NE(table, nullptr) << name;
    EXPECT_EQ(table->version, GP_MEMTEST_VERSION) << name;
    gp_memtest_params params{};
    params.struct_size = sizeof params;
    params.passes = 1;
    auto result = std::make_unique<gp_memtest_result>();
    EXPECT_EQ(table->run(0, &params, result.get()), GP_ERR_INVALID_ARGUMENT) << name;
    EXPECT_NE(std::string(table->last_error()).find("not initialised"), std::string::npos)
        << name << ": " << table->last_error();
    ++checked;
  }
  EXPECT_GE(checked, 1);
}
#endif

}  // namespace
}  // namespace gpuprobe
