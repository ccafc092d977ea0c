// gpuprobe-gui's command line: hostile numbers are usage errors (exit 2) before any window
// opens, so these run without a display.
#include <gtest/gtest.h>

#include <string>

#include "command_output.hpp"

namespace {

gpuprobe::test::CommandOutput run_gui(const std::string& args) {
  // No DISPLAY: should parsing let a bad value through, the window fails instead (exit 1).
  return gpuprobe::test::run_command("env -u DISPLAY -u WAYLAND_DISPLAY " +
                                     std::string(GPUPROBE_BIN_DIR) + "/gpuprobe-gui " + args +
                                     " 2>&1");
}

TEST(GuiOptions, HostileNumbersAreUsageErrorsNamingTheOption) {
  const std::pair<const char*, const char*> cases[] = {
      {"--samples 1", "--samples"},  // the CLI requires five; so does the GUI now
      {"--samples 65", "--samples"},
      {"--size 100000x100000", "--size"},
      {"--size 100x100", "--size"},
      {"--size -800x600", "--size"},
      {"--min-sample-ms nan", "--min-sample-ms"},
      {"-b cpu:4294967296", "--backend"},
      // A comma-separated list, as the CLI's: a bad entry anywhere in it is named.
      {"-b cpu,opencl:4294967296", "--backend"},
      {"--backend opencl:0,c*u", "--backend"},
      {"--close-after-seconds inf", "--close-after-seconds"},
      {"--point-timeout-s 0", "--point-timeout-s"},
      {"--point-timeout-s nan", "--point-timeout-s"},
  };
  for (const auto& [args, option] : cases) {
    const auto o = run_gui(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.output;
    EXPECT_NE(o.output.find(option), std::string::npos) << args << "\n" << o.output;
  }
}

// `gpuprobe run -b cpu,opencl,vulkan` works, so must the GUI's: the lists parse (the window
// then fails for want of a display, exit 1, not a usage error).
TEST(GuiOptions, BackendTakesACommaSeparatedListAsTheCli) {
  for (const char* args : {"--run --backend cpu,opencl,vulkan", "--run --backend opencl:0,cpu",
                           "--run -b cpu -b opencl:1,vulkan:0"}) {
    const auto o = run_gui(args);
    EXPECT_EQ(o.exit_code, 1) << args << "\n" << o.output;
    EXPECT_EQ(o.output.find("--backend"), std::string::npos) << args << "\n" << o.output;
    EXPECT_NE(o.output.find("display"), std::string::npos) << args << "\n" << o.output;
  }
}

}  // namespace
