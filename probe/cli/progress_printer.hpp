// Progress on stderr: a live bar when stderr is a terminal, one plain line per point
// otherwise (CI logs, pipes).
#pragma once

#include <chrono>

#include "gpuprobe/session.hpp"

namespace gpuprobe::cli {

class ProgressPrinter {
 public:
  ProgressPrinter();
  void operator()(const Progress& p);
  void finish();  // end the live line

 private:
  bool live_;
  bool dirty_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace gpuprobe::cli
