// `gpuprobe memtest` as a user runs it: a clean run exits 0, injected flips exit 1 with each
// one in the JSON at its address and bits, bad input exits 2 with a message naming it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "command_output.hpp"

namespace {

struct Output {
  int exit_code;
  std::string out;  // stdout
  std::string all;  // stdout + stderr
};

Output run_memtest(const std::string& args, const std::string& env = "") {
  const std::string bin = std::string(GPUPROBE_BIN_DIR) + "/gpuprobe memtest ";
  const auto out = gpuprobe::test::run_command(env + " " + bin + args + " 2>/dev/null");
  const auto all = gpuprobe::test::run_command(env + " " + bin + args + " 2>&1");
  return {out.exit_code, out.output, all.output};
}

constexpr const char* kSmall = " --memtest-bytes 1MiB --idle-s 0 ";

TEST(MemtestCli, CleanRunPrintsPassAndExitsZero) {
  const Output o = run_memtest("-d cpu" + std::string(kSmall));
  EXPECT_EQ(o.exit_code, 0) << o.all;
  EXPECT_NE(o.out.find("result           PASS"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("errors           0"), std::string::npos) << o.out;
}

TEST(MemtestCli, InjectedFlipsAreInTheJsonAndExitOne) {
  const Output o = run_memtest("-d cpu --format json --patterns random" + std::string(kSmall),
                               "GPUPROBE_FAULT=memtest_flip:0x40:0x100,0xffffc:0x3");
  EXPECT_EQ(o.exit_code, 1) << o.all;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["result"], "FAIL");
  EXPECT_EQ(j["error_count"], 2);
  ASSERT_EQ(j["failures"].size(), 2u);
  for (const auto& f : j["failures"]) {
    const uint64_t address = f["address"];
    const uint32_t wrong = f["expected"].get<uint32_t>() ^ f["got"].get<uint32_t>();
    if (address == 0x40)
      EXPECT_EQ(wrong, 0x100u);
    else
      EXPECT_TRUE(address == 0xffffc && wrong == 0x3u) << f.dump();
  }
  EXPECT_EQ(j["analysis"]["lowest_failing_address"], 0x40);
  EXPECT_EQ(j["analysis"]["highest_failing_address"], 0xffffc);
  EXPECT_EQ(j["analysis"]["bits_per_word_histogram"][1], 1);
  EXPECT_EQ(j["analysis"]["bits_per_word_histogram"][2], 1);
}

TEST(MemtestCli, BadInputExitsTwoAndSaysWhat) {
  const std::pair<std::string, std::string> cases[] = {
      {"-d cpu --memtest-bytes 0", "--memtest-bytes: '0' is out of range"},
      {"-d cpu --memtest-bytes plenty", "--memtest-bytes: 'plenty' is not a size"},
      {"-d cpu --memtest-bytes 1TiB", "but the device has"},
      {"-d cpu --memtest-passes x", "--memtest-passes"},
      {"-d cpu --patterns nope", "'nope' is not a pattern"},
      {"-d nosuch --memtest-bytes 1MiB", "no backend 'nosuch'"},
      {"-d cpu:5 --memtest-bytes 1MiB", "device cpu:5 does not exist"},
      {"--memtest-bytes 1MiB", "--device"},
  };
  for (const auto& [args, message] : cases) {
    const Output o = run_memtest(args);
    EXPECT_EQ(o.exit_code, 2) << args << ": " << o.all;
    EXPECT_NE(o.all.find(message), std::string::npos) << args << ": " << o.all;
  }
}

TEST(MemtestCli, AMalformedFaultListIsABadRequestNotATestResult) {
  const Output o = run_memtest("-d cpu" + std::string(kSmall), "GPUPROBE_FAULT=memtest_flip:3:1");
  EXPECT_EQ(o.exit_code, 2) << o.all;
  EXPECT_NE(o.all.find("not a multiple of 4"), std::string::npos) << o.all;
}

}  // namespace
