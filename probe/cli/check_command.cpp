#include "cli/check_command.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>

#include "gpuprobe/output_file.hpp"

namespace gpuprobe::cli {
namespace {

std::atomic<bool> g_check_cancel{false};  // lock-free: safe to set from a signal handler
static_assert(std::atomic<bool>::is_always_lock_free);
extern "C" void on_check_interrupt(int) { g_check_cancel = true; }

}  // namespace

int run_check_command(Session& session, const CheckCommandLine& command) {
  if (!command.json_path.empty()) check_output_path("--json", command.json_path);
  std::signal(SIGINT, on_check_interrupt);
  std::signal(SIGTERM, on_check_interrupt);
  const BuyerCheckReport report = run_buyer_check(
      session, command.options,
      [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }, &g_check_cancel);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (command.format == "json")
    std::cout << check_to_json(report) << "\n";
  else if (command.format == "markdown")
    std::cout << format_check_markdown(report);
  else
    std::cout << format_check_table(report);
  std::cout.flush();
  if (!command.json_path.empty())
    write_output_file(command.json_path, check_to_json(report) + "\n");
  if (report.cancelled) {
    std::fprintf(stderr, "gpuprobe: check interrupted; the report covers the steps that ran\n");
    return 130;
  }
  return check_exit_code(report.verdict);
}

}  // namespace gpuprobe::cli
