// Hostile options: the strict number parser and the command line as a pure function.
#include "cli/command_line.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "gpuprobe/parse_number.hpp"
#include "gpuprobe/printable.hpp"
#include "refusal.hpp"

namespace {

using gpuprobe::cli::CommandLine;
using gpuprobe::cli::parse_command_line;
using gpuprobe::test::refusal;

CommandLine parse(std::vector<std::string> args) {
  args.insert(args.begin(), "gpuprobe");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return parse_command_line(int(argv.size()), argv.data());
}

TEST(ParseNumber, UnsignedTakesDigitsOnlyWithinItsRange) {
  EXPECT_EQ(gpuprobe::parse_unsigned("42", 0, 100, "--n"), 42u);
  EXPECT_EQ(gpuprobe::parse_unsigned("18446744073709551615", 0, UINT64_MAX, "--n"), UINT64_MAX);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1.0", "0x10", "1e3", "abc"})
    EXPECT_NE(refusal([&] { gpuprobe::parse_unsigned(bad, 0, 100, "--n"); }).find("is not"),
              std::string::npos)
        << bad;
  for (const char* big : {"101", "18446744073709551616", "99999999999999999999999"})
    EXPECT_NE(refusal([&] { gpuprobe::parse_unsigned(big, 0, 100, "--n"); }).find("out of range"),
              std::string::npos)
        << big;
  EXPECT_NE(refusal([&] { gpuprobe::parse_unsigned("4", 5, 64, "--samples"); }).find("--samples"),
            std::string::npos);
}

TEST(ParseNumber, SizesTakeBinaryUnitsAndRefuseOverflow) {
  constexpr uint64_t kMax = uint64_t{1} << 40;
  EXPECT_EQ(gpuprobe::parse_size_bytes("4096", 64, kMax, "--sizes"), 4096u);
  EXPECT_EQ(gpuprobe::parse_size_bytes("64KiB", 64, kMax, "--sizes"), 65536u);
  EXPECT_EQ(gpuprobe::parse_size_bytes("512M", 64, kMax, "--sizes"), 512ull << 20);
  EXPECT_EQ(gpuprobe::parse_size_bytes("1TiB", 64, kMax, "--sizes"), kMax);
  // 17179869185 GiB is 2^64 + 1 GiB: a 64-bit product wraps to 1 GiB.
  for (const char* big : {"17179869185GiB", "1025GiB", "2TiB", "18446744073709551616"})
    EXPECT_NE(
        refusal([&] { gpuprobe::parse_size_bytes(big, 64, kMax, "--sizes"); }).find("out of range"),
        std::string::npos)
        << big;
  EXPECT_NE(
      refusal([&] { gpuprobe::parse_size_bytes("1", 64, kMax, "--sizes"); }).find("out of range"),
      std::string::npos);
  for (const char* bad : {"-1MiB", "+1MiB", "MiB", "1.5GiB", "1 MiB", "12XB", "1mib"})
    EXPECT_NE(refusal([&] { gpuprobe::parse_size_bytes(bad, 64, kMax, "--sizes"); }), "") << bad;
}

TEST(ParseNumber, DoublesAreFiniteAndWithinTheirRange) {
  EXPECT_DOUBLE_EQ(gpuprobe::parse_finite_double("20", 0.1, 1e4, "--ms"), 20.0);
  EXPECT_DOUBLE_EQ(gpuprobe::parse_finite_double("0.5", 0.1, 1e4, "--ms"), 0.5);
  EXPECT_DOUBLE_EQ(gpuprobe::parse_finite_double("1e3", 0.1, 1e4, "--ms"), 1000.0);
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "-1", "+1", "", "1x", "0x10", " 1"})
    EXPECT_NE(refusal([&] { gpuprobe::parse_finite_double(bad, 0.1, 1e4, "--ms"); }), "") << bad;
  for (const char* big : {"1e999", "10001", "0.01"})
    EXPECT_NE(
        refusal([&] { gpuprobe::parse_finite_double(big, 0.1, 1e4, "--ms"); }).find("out of range"),
        std::string::npos)
        << big;
}

TEST(ParseNumber, DimensionsAreExactlyThreeUnsignedNumbers) {
  EXPECT_EQ(gpuprobe::parse_dimensions("8x16x32", 'x', 3, 1 << 20, "--matmul"),
            (std::vector<uint64_t>{8, 16, 32}));
  for (const char* bad : {"-1x1x1", "+8x+8x+8", "8x8", "8x8x8x8", "8x8x", "x8x8", "0x8x8",
                          "8x8x2000000", "8 x8x8", "8X8X8"})
    EXPECT_NE(refusal([&] { gpuprobe::parse_dimensions(bad, 'x', 3, 1 << 20, "--matmul"); }), "")
        << bad;
}

TEST(ParseNumber, BackendIndexChecksTheIndex) {
  const auto ref = gpuprobe::parse_backend_index("opencl:2", 100, "--device");
  EXPECT_EQ(ref.backend, "opencl");
  EXPECT_TRUE(ref.has_index);
  EXPECT_EQ(ref.index, 2u);
  EXPECT_FALSE(gpuprobe::parse_backend_index("cpu", 100, "--device").has_index);
  for (const char* big : {"cpu:4294967296", "cpu:99999999999999999999999", "cpu:101"})
    EXPECT_NE(
        refusal([&] { gpuprobe::parse_backend_index(big, 100, "--device"); }).find("out of range"),
        std::string::npos)
        << big;
  for (const char* bad : {"cpu:", "cpu:-1", "cpu:+1", ":0", "c pu:0", "cpu:0:1"})
    EXPECT_NE(refusal([&] { gpuprobe::parse_backend_index(bad, 100, "--device"); }), "") << bad;
}

TEST(Printable, EscapesControlCharactersAndShortensLongText) {
  EXPECT_EQ(gpuprobe::printable("a\x1b[31mb\n"), "a\\x1B[31mb\\n");
  EXPECT_EQ(gpuprobe::printable("caf\xC3\xA9"), "caf\xC3\xA9");  // UTF-8 stays
  EXPECT_EQ(gpuprobe::printable("bad\xC3("), "bad\\xC3(");       // a cut sequence does not
  const std::string long_text(300000, 'a');
  const std::string shown = gpuprobe::printable(long_text, 100);
  EXPECT_LT(shown.size(), 140u);
  EXPECT_NE(shown.find("300000 bytes in all"), std::string::npos);
}

TEST(CommandLine, RunOptionsParseWithoutRunningAnything) {
  const CommandLine c = parse({"run", "-b", "cpu", "-d", "1", "--sizes", "64KiB,1GiB", "--matmul",
                               "8x16x32", "--samples", "7", "--min-sample-ms", "2.5",
                               "--sampling-budget-s", "0", "--widths", "4,16"});
  ASSERT_EQ(c.command, gpuprobe::cli::Command::Run);
  ASSERT_EQ(c.run.devices.size(), 1u);
  EXPECT_EQ(c.run.devices[0], (gpuprobe::DeviceRef{"cpu", 1}));
  EXPECT_EQ(c.run.options.sizes_bytes, (std::vector<uint64_t>{65536, uint64_t{1} << 30}));
  ASSERT_EQ(c.run.options.matmul_shapes.size(), 1u);
  EXPECT_EQ(c.run.options.matmul_shapes[0].k, 32u);
  EXPECT_EQ(c.run.options.samples, 7u);
  EXPECT_EQ(c.run.options.max_samples, 64u);
  EXPECT_DOUBLE_EQ(c.run.options.min_sample_seconds, 0.0025);
  EXPECT_DOUBLE_EQ(c.run.options.sampling_budget_seconds, 0.0);
  EXPECT_EQ(c.run.options.vector_widths, (std::vector<uint32_t>{4, 16}));
  EXPECT_TRUE(c.notes.empty());
}

TEST(CommandLine, PrecisionTakesTheAbiNamesAndRefusesOthers) {
  const CommandLine c = parse({"run", "--precision", "tf32,bf16", "--precision", "int8,tf32"});
  EXPECT_EQ(c.run.options.matmul_precisions, (std::vector<std::string>{"tf32", "bf16", "int8"}));
  ASSERT_EQ(c.notes.size(), 1u);  // the repeated tf32
  EXPECT_NE(c.notes[0].find("--precision tf32 repeats"), std::string::npos) << c.notes[0];
  try {
    parse({"run", "--precision", "fp8"});
    FAIL() << "fp8 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "--precision: 'fp8' is not one of fp32, tf32, fp16, bf16, int8");
  }
}

TEST(CommandLine, HostileNumbersAreUsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {"--sizes=-1MiB"},
      {"--sizes", "17179869185GiB"},
      {"--sizes", "1"},
      {"-d", "cpu:4294967296"},
      {"-d", "cpu:99999999999999999999999"},
      {"--matmul=-1x1x1"},
      {"--matmul", "+8x+8x+8"},
      {"--min-sample-ms", "nan"},
      {"--min-sample-ms", "inf"},
      {"--sampling-budget-s", "-1"},
      {"--samples", "4"},
      {"--samples", "-5"},
      {"--max-samples", "65"},
      {"--widths", "3"},
      {"--widths", "-4"},
      {"-b", "cpu:0"},
      {"-d", "1"},  // a bare index needs one --backend
      {"--bogus"}};
  for (auto args : cases) {
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    args.insert(args.begin(), "run");
    EXPECT_NE(refusal([&] { parse(args); }), "") << shown;
  }
  EXPECT_NE(refusal([&] { parse({}); }), "");  // a subcommand is required
}

TEST(CommandLine, RepeatedValuesAreMeasuredOnceWithANote) {
  const CommandLine c =
      parse({"run", "-b", "cpu,cpu", "-d", "cpu:0,cpu:0", "-k", "read,copy,read", "--sizes",
             "1MiB,1024KiB,2MiB", "--matmul", "8x8x8,8x8x8", "--widths", "4,4"});
  EXPECT_EQ(c.run.backends, (std::vector<std::string>{"cpu"}));
  EXPECT_EQ(c.run.devices.size(), 1u);
  EXPECT_EQ(c.run.options.kernels, (std::vector<std::string>{"read", "copy"}));
  EXPECT_EQ(c.run.options.sizes_bytes, (std::vector<uint64_t>{1 << 20, 2 << 20}));
  EXPECT_EQ(c.run.options.matmul_shapes.size(), 1u);
  EXPECT_EQ(c.run.options.vector_widths, (std::vector<uint32_t>{4}));
  ASSERT_EQ(c.notes.size(), 6u);
  EXPECT_NE(c.notes[3].find("--sizes 1024KiB repeats 1MiB"), std::string::npos) << c.notes[3];
}

TEST(CommandLine, HelpAndVersionAreTextToPrint) {
  const CommandLine help = parse({"run", "--help"});
  EXPECT_EQ(help.command, gpuprobe::cli::Command::Print);
  EXPECT_NE(help.print_text.find("--sizes"), std::string::npos);
  const CommandLine version = parse({"--version"});
  EXPECT_EQ(version.command, gpuprobe::cli::Command::Print);
  EXPECT_EQ(version.print_text.rfind("gpuprobe ", 0), 0u);
}

TEST(CommandLine, ControlCharactersInOptionsAreEscapedInTheMessage) {
  const std::string message = refusal([&] { parse({"run", "--sizes", "1\x1b[2J"}); });
  EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
  EXPECT_NE(message.find("\\x1B"), std::string::npos) << message;
}

}  // namespace

TEST(CommandLine, GateOptionsAreCheckedBeforeAnythingRuns) {
  const CommandLine run =
      parse({"run", "--baseline", "b.json", "--max-regression", "0.5%", "--junit", "j.xml"});
  EXPECT_EQ(run.command, gpuprobe::cli::Command::Run);
  EXPECT_EQ(run.run.gate.baseline_path, "b.json");
  EXPECT_DOUBLE_EQ(run.run.gate.max_regression, 0.005);
  EXPECT_EQ(run.run.gate.junit_path, "j.xml");
  EXPECT_DOUBLE_EQ(parse({"run", "--baseline", "b.json"}).run.gate.max_regression, 0.05);
  EXPECT_NE(refusal([] {
              parse({"run", "--max-regression", "5%"});
            }).find("needs --baseline"),
            std::string::npos);
  EXPECT_NE(refusal([] {
              parse({"run", "--baseline", "b.json", "--max-regression", "-5%"});
            }).find("'-5%' is not a percentage"),
            std::string::npos);
  const CommandLine compare = parse({"compare", "a.json", "b.json", "c.json"});
  EXPECT_EQ(compare.command, gpuprobe::cli::Command::Compare);
  EXPECT_EQ(compare.compare.files.size(), 3u);
  EXPECT_NE(refusal([] {
              parse({"compare", "a.json"});
            }).find("two or more result files"),
            std::string::npos);
  EXPECT_NE(refusal([] {
              parse({"compare", "a.json", "b.json", "--junit", "j.xml"});
            }).find("--junit needs --baseline"),
            std::string::npos);
}
