#include "cli/memtest_command.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "plugin_registry.hpp"

namespace gpuprobe::cli {
namespace {

volatile int g_cancel = 0;
extern "C" void on_memtest_interrupt(int) { g_cancel = 1; }  // the test stops between sweeps

}  // namespace

int run_memtest_command(const MemtestCommandLine& command) {
  std::signal(SIGINT, on_memtest_interrupt);
  std::signal(SIGTERM, on_memtest_interrupt);
  const bool live = isatty(STDERR_FILENO) != 0;
  const MemtestProgress progress = [live](double fraction, const std::string& step) {
    if (live) std::fprintf(stderr, "\r\033[Kmemtest %3.0f%%  %s", fraction * 100, step.c_str());
  };
  const MemtestReport report =
      run_memtest(default_plugin_dirs(), command.request, command.in_process, progress, &g_cancel);
  if (live) std::fprintf(stderr, "\r\033[K");
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (command.format == "json")
    std::cout << memtest_to_json(report) << "\n";
  else
    std::cout << format_memtest_table(report);
  if (report.status == GP_ERR_CANCELLED) {
    std::fprintf(stderr, "gpuprobe: memory test interrupted; the counts above are partial\n");
    return 130;
  }
  if (report.status != GP_OK) {
    std::fprintf(stderr, "gpuprobe: memory test failed: %s\n", report.error.c_str());
    return 1;
  }
  if (report.error_count) {
    std::fprintf(stderr, "gpuprobe: %llu memory error(s) found\n",
                 static_cast<unsigned long long>(report.error_count));
    return 1;
  }
  return 0;
}

}  // namespace gpuprobe::cli
