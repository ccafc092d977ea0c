// The VRAM test's shared pieces without any plugin: the fault list parser, how much is
// tested, chunked allocation, the runner's address bookkeeping over several chunks (an
// in-memory device), and the readings of crafted failures.
#include "kit/memtest.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "gpuprobe/memtest_report.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "kit/fault.hpp"
#include "kit/memtest_fault.hpp"

namespace gpuprobe {
namespace {

using kit::MemtestFlip;

TEST(MemtestFlips, ParsesDecimalAndHexPairs) {
  EXPECT_EQ(kit::parse_memtest_flips("memtest_flip:0x1000:0x1,4096:2147483648"),
            (std::vector<MemtestFlip>{{0x1000, 1}, {4096, 0x80000000u}}));
  EXPECT_TRUE(kit::parse_memtest_flips("skip_store").empty());
}

TEST(MemtestFlips, MalformedListsAreRefusedWithTheRule) {
  for (const char* bad :
       {"memtest_flip:", "memtest_flip:0x10", "memtest_flip:2:1", "memtest_flip:8:0",
        "memtest_flip:8:0x100000000", "memtest_flip:8:1,", "memtest_flip:zz:1"}) {
    try {
      kit::parse_memtest_flips(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const plugin::Error& e) {
      EXPECT_EQ(e.status, GP_ERR_INVALID_ARGUMENT) << bad;
      EXPECT_NE(e.message.find("memtest_flip:ADDR:MASK"), std::string::npos) << e.message;
    }
  }
}

struct FaultEnv {
  explicit FaultEnv(const char* value) { setenv("GPUPROBE_FAULT", value, 1); }
  ~FaultEnv() { unsetenv("GPUPROBE_FAULT"); }
};

TEST(MemtestFlips, KernelFaultsStayOffUnderAMemtestFlip) {
  const FaultEnv fault("memtest_flip:0:1");
  EXPECT_EQ(kit::active_fault(), kit::Fault::kNone);
  EXPECT_EQ(kit::active_memtest_flips().size(), 1u);
}

gp_memtest_params params_for(uint64_t max_bytes, uint32_t passes = 1) {
  gp_memtest_params p{};
  p.struct_size = sizeof p;
  p.passes = passes;
  p.max_bytes = max_bytes;
  p.seed = 7;
  p.idle_seconds = 0;
  return p;
}

TEST(MemtestSize, DefaultIsNinetyPercentOfFreeElseTotalAndAQuarterOfHostRam) {
  EXPECT_EQ(kit::memtest_target_bytes(params_for(0), {1000, 400, 0, false}), 360u);
  EXPECT_EQ(kit::memtest_target_bytes(params_for(0), {1000, 0, 0, false}), 900u);
  EXPECT_EQ(kit::memtest_target_bytes(params_for(0), {1000, 400, 0, true}), 100u);
  EXPECT_EQ(kit::memtest_target_bytes(params_for(4099), {8192, 0, 0, false}), 4096u);
}

TEST(MemtestSize, MoreThanTheDeviceHasIsRefused) {
  try {
    kit::memtest_target_bytes(params_for(8193), {8192, 0, 0, false});
    FAIL() << "accepted";
  } catch (const plugin::Error& e) {
    EXPECT_EQ(e.status, GP_ERR_INVALID_ARGUMENT);
    EXPECT_NE(e.message.find("the device has 8192"), std::string::npos) << e.message;
  }
  EXPECT_THROW(kit::memtest_target_bytes(params_for(3), {8192, 0, 0, false}), plugin::Error);
}

// Device memory in host vectors, with a driver that refuses allocations above a limit and
// after a total.
class VectorDevice : public kit::MemtestDevice {
 public:
  VectorDevice(uint64_t refuse_above, uint64_t capacity)
      : refuse_above_(refuse_above), capacity_(capacity) {}
  bool allocate_chunk(uint64_t bytes) override {
    if (bytes > refuse_above_ || used_ + bytes > capacity_) return false;
    used_ += bytes;
    chunks.emplace_back(bytes / 4);
    return true;
  }
  void fill(size_t c, const kit::MemtestSweep& s, uint32_t base) override {
    for (size_t i = 0; i < chunks[c].size(); ++i)
      chunks[c][i] =
          kit::memtest_word(s.code, base + static_cast<uint32_t>(i), s.salt) ^ s.expect_xor;
  }
  kit::MemtestVerifyOutcome verify(size_t c, const kit::MemtestSweep& s, uint32_t base) override {
    kit::MemtestVerifyOutcome out;
    for (size_t i = 0; i < chunks[c].size(); ++i) {
      const uint32_t e =
          kit::memtest_word(s.code, base + static_cast<uint32_t>(i), s.salt) ^ s.expect_xor;
      if (chunks[c][i] != e) {
        ++out.errors;
        out.failures.push_back({static_cast<uint32_t>(i), e, chunks[c][i]});
      }
      if (s.write_complement) chunks[c][i] = ~e;
    }
    return out;
  }
  void flip(size_t c, uint64_t w, uint32_t mask) override { chunks[c][w] ^= mask; }
  std::vector<std::vector<uint32_t>> chunks;

 private:
  uint64_t refuse_above_, capacity_, used_ = 0;
};

TEST(MemtestAllocate, RefusedChunksAreHalvedUntilTheDriverAgrees) {
  VectorDevice device(256 << 10, 1 << 20);
  const auto chunks = kit::memtest_allocate(device, 1 << 20, 1 << 20);
  EXPECT_EQ(chunks, (std::vector<uint64_t>{256 << 10, 256 << 10, 256 << 10, 256 << 10}));
}

TEST(MemtestAllocate, StopsWhenMemoryIsFull) {
  VectorDevice device(1 << 20, 600 << 10);
  uint64_t total = 0;
  for (uint64_t c : kit::memtest_allocate(device, 1 << 20, 1 << 20)) total += c;
  EXPECT_LE(total, 600u << 10);
  EXPECT_GE(total, (600u << 10) - kit::kMemtestMinChunkBytes);
}

// Verify sweeps per pass with every pattern: own address, walking ones, walking zeros,
// moving inversions (2), random, retention.
constexpr uint64_t kVerifiesPerPass = 7;

TEST(MemtestRunner, FlipsAcrossChunksArePlacedAtTheirGlobalAddress) {
  VectorDevice device(64 << 10, 1 << 30);  // 256 KiB in 4 chunks of 64 KiB
  // The first word, the last word of chunk 0, the first of chunk 1, the last of all.
  FaultEnv fault("memtest_flip:0:0x1,0xfffc:0x80000000,0x10000:0xff00,0x3fffc:0x10");
  auto result = std::make_unique<gp_memtest_result>();
  kit::run_memtest(device, {1 << 30, 0, 1 << 30, false}, params_for(256 << 10, 2), *result);
  EXPECT_EQ(result->chunk_count, 4u);
  EXPECT_EQ(result->passes_done, 2u);
  EXPECT_EQ(result->error_count, 4 * kVerifiesPerPass * 2);
  EXPECT_EQ(result->words_checked, (256u << 10) / 4 * kVerifiesPerPass * 2);
  const MemtestReport report = memtest_report_from(*result, GP_OK, "");
  for (const auto& [address, mask] : std::vector<std::pair<uint64_t, uint32_t>>{
           {0, 1}, {0xfffc, 0x80000000u}, {0x10000, 0xff00}, {0x3fffc, 0x10}}) {
    uint64_t found = 0;
    for (const MemtestFailure& f : report.failures)
      if (f.address == address) {
        EXPECT_EQ(f.expected ^ f.got, mask) << "at " << address << " in " << f.pattern;
        ++found;
      }
    EXPECT_EQ(found, kVerifiesPerPass * 2) << "flip at " << address;
  }
  EXPECT_EQ(report.analysis.lowest_address, 0u);
  EXPECT_EQ(report.analysis.highest_address, 0x3fffcu);
}

TEST(MemtestRunner, CancelStopsBetweenSweepsAndKeepsWhatWasDone) {
  VectorDevice device(1 << 20, 1 << 30);
  volatile int cancel = 0;
  gp_memtest_params p = params_for(64 << 10, 3);
  p.cancel = &cancel;
  int calls = 0;
  p.progress = [](void* user, double, const char*) {
    auto* state = static_cast<std::pair<int*, volatile int*>*>(user);
    if (++*state->first == 20) *state->second = 1;  // 14 sweeps a pass: in the second
  };
  std::pair<int*, volatile int*> state{&calls, &cancel};
  p.progress_user = &state;
  auto result = std::make_unique<gp_memtest_result>();
  try {
    kit::run_memtest(device, {1 << 30, 0, 1 << 30, false}, p, *result);
    FAIL() << "not cancelled";
  } catch (const plugin::Error& e) {
    EXPECT_EQ(e.status, GP_ERR_CANCELLED);
  }
  EXPECT_EQ(result->passes_done, 1u);
  EXPECT_EQ(calls, 20);
}

MemtestFailure failure(uint64_t address, uint32_t expected, uint32_t got,
                       const char* pattern = "random") {
  return {address, expected, got, pattern, 0};
}

TEST(MemtestReading, OneBitAlwaysTheSameIsADataLine) {
  const MemtestAnalysis a = analyse_memtest(
      {failure(0x40, 0x0, 0x8), failure(0x2000, 0xffffffff, 0xfffffff7), failure(0x80, 1, 9)}, 3);
  EXPECT_EQ(a.diagnosis, MemtestDiagnosis::kSingleBit);
  EXPECT_EQ(a.bit_position[3], 3u);
  EXPECT_EQ(a.bits_per_word[1], 3u);
  EXPECT_EQ(*a.lowest_address, 0x40u);
  EXPECT_EQ(*a.highest_address, 0x2000u);
  EXPECT_NE(a.reading.find("data line"), std::string::npos) << a.reading;
}

TEST(MemtestReading, TheDataLineIsNamedFromSingleBitFailuresAlone) {
  const MemtestAnalysis a =
      analyse_memtest({failure(0, 0, 0x8), failure(4, 0, 0x8), failure(8, 0x0, 0x30000)}, 3);
  EXPECT_EQ(a.diagnosis, MemtestDiagnosis::kSingleBit);
  EXPECT_NE(a.reading.find("on bit 3,"), std::string::npos) << a.reading;
  EXPECT_NE(a.reading.find("data line"), std::string::npos) << a.reading;
  EXPECT_EQ(a.bit_position[16], 1u);  // the histogram still counts every failing bit
}

TEST(MemtestReading, ScatteredSingleBitsAreWeakCells) {
  const MemtestAnalysis a = analyse_memtest({failure(0, 0, 1), failure(4, 0, 0x100)}, 2);
  EXPECT_EQ(a.diagnosis, MemtestDiagnosis::kSingleBit);
  EXPECT_NE(a.reading.find("weak cells"), std::string::npos) << a.reading;
}

TEST(MemtestReading, AllOnesOrZerosWordsAreTheMemoryController) {
  const MemtestAnalysis a =
      analyse_memtest({failure(0, 0x12345678, 0xffffffff), failure(4, 0x0f0f0f0f, 0xffffffff),
                       failure(8, 0xabcdef01, 0)},
                      3);
  EXPECT_EQ(a.diagnosis, MemtestDiagnosis::kStuckWords);
  EXPECT_EQ(a.stuck_one_words, 2u);
  EXPECT_NE(a.reading.find("memory controller"), std::string::npos) << a.reading;
  EXPECT_NE(a.reading.find("all ones"), std::string::npos) << a.reading;
}

TEST(MemtestReading, ManyBitsPerWordIsAddressing) {
  const MemtestAnalysis a =
      analyse_memtest({failure(0x100, 0x00000100, 0x00000140), failure(0x104, 0x104, 0x144)}, 2);
  EXPECT_EQ(a.diagnosis, MemtestDiagnosis::kSingleBit);  // one bit each: not addressing
  const MemtestAnalysis b =
      analyse_memtest({failure(0x100, 0x12345678, 0x9abcdef0), failure(0x104, 0x1111, 0x2222)}, 2);
  EXPECT_EQ(b.diagnosis, MemtestDiagnosis::kMultiBit);
  EXPECT_NE(b.reading.find("addressing"), std::string::npos) << b.reading;
}

TEST(MemtestReading, ErrorsOnlyAfterThePauseAreRetention) {
  const MemtestAnalysis a =
      analyse_memtest({failure(0, 5, 4, "retention"), failure(4, 0xf0, 0x70, "retention")}, 2);
  EXPECT_EQ(a.diagnosis, MemtestDiagnosis::kRetention);
  EXPECT_NE(a.reading.find("lose their charge"), std::string::npos) << a.reading;
}

TEST(MemtestReading, MoreErrorsThanRecordedSaysSo) {
  const MemtestAnalysis a = analyse_memtest({failure(0, 0, 1)}, 5000);
  EXPECT_NE(a.reading.find("first 1 of 5000"), std::string::npos) << a.reading;
}

TEST(MemtestReading, NoErrorsReadsClean) {
  const MemtestAnalysis a = analyse_memtest({}, 0);
  EXPECT_EQ(a.diagnosis, MemtestDiagnosis::kNone);
  EXPECT_FALSE(a.lowest_address);
}

}  // namespace
}  // namespace gpuprobe
