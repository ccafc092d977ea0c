// Fuzz target: the result reader (gpuprobe::from_json), the path every result file takes in
// the CLI and the GUI. Its contract: any text either becomes a RunReport or is refused with
// std::runtime_error; anything else escaping (another exception type, a crash, a sanitizer
// report) is a finding. A report it accepts must also be printable and savable, as the GUI
// does with a loaded file, so the formatter and the writer run on it too.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "gpuprobe/report_format.hpp"
#include "gpuprobe/result_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  gpuprobe::RunReport report;
  try {
    report = gpuprobe::from_json(text);
  } catch (const std::runtime_error&) {
    return 0;  // refused with a message: the contract
  }
  (void)gpuprobe::format_results({&report}, gpuprobe::TextFormat::Table);
  (void)gpuprobe::to_json(report);
  return 0;
}
