#include "cli/progress_printer.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "gpuprobe/utf8.hpp"

namespace gpuprobe::cli {

ProgressPrinter::ProgressPrinter()
    : live_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

void ProgressPrinter::operator()(const Progress& p) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (!live_) {
    if (p.message == "done")
      std::fprintf(stderr, "[%zu/%zu %5.1fs] %s: finished\n", p.done, p.total, elapsed,
                   p.device_label.c_str());
    else
      std::fprintf(stderr, "[%zu/%zu %5.1fs] %s: %s\n", p.done + 1, p.total, elapsed,
                   p.device_label.c_str(), p.message.c_str());
    std::fflush(stderr);
    return;
  }
  const int width = 30;
  const int filled = p.total ? static_cast<int>(width * p.done / p.total) : width;
  std::string bar(filled, '=');
  if (filled < width) bar += '>' + std::string(width - filled - 1, ' ');
  std::string what = p.device_label + " " + p.message;
  if (what.size() > 60) what = utf8_truncate(what, 57) + "...";
  std::fprintf(stderr, "\r\033[K[%s] %zu/%zu %5.1fs %s", bar.c_str(), p.done, p.total, elapsed,
               what.c_str());
  std::fflush(stderr);
  dirty_ = true;
}

void ProgressPrinter::finish() {
  if (live_ && dirty_) std::fprintf(stderr, "\r\033[K");
  dirty_ = false;
}

}  // namespace gpuprobe::cli
