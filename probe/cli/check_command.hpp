// `gpuprobe check` (without --identity-only): the buyer's check (gpuprobe/buyer_check.hpp)
// with progress on stderr, Ctrl-C honoured between steps, and the report as a table,
// Markdown or JSON.
#pragma once

#include <string>

#include "cli/check_options.hpp"
#include "gpuprobe/session.hpp"

namespace gpuprobe::cli {

// Returns the exit code: check_exit_code(verdict), 130 when interrupted. Throws
// std::invalid_argument for bad input (exit 2 in main).
int run_check_command(Session& session, const CheckCommandLine& command);

}  // namespace gpuprobe::cli
