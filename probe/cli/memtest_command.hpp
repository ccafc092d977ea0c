// `gpuprobe memtest`: runs the VRAM test in this process (memtest_plugin.hpp says why),
// prints the report as a table or JSON. Exit 0: no errors; 1: errors found or the device
// failed; 2: bad input (thrown as std::invalid_argument to main); 130: interrupted.
#pragma once

#include "cli/memtest_options.hpp"

namespace gpuprobe::cli {

int run_memtest_command(const MemtestCommandLine& command);

}  // namespace gpuprobe::cli
