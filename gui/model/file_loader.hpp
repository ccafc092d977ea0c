// Result files opened from the GUI are read and checked off the UI thread, one task per
// file, and collected once per frame: a slow disk or a large file never stalls a frame, and
// each file's outcome is its own, so a bad file next to good ones leaves the good ones shown.
// (load_report refuses FIFOs, devices and files above the cap before reading, so no task
// can block for ever or grow without bound.)
#pragma once

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe::gui {

struct LoadOutcome {
  std::string path;
  std::shared_ptr<const RunReport> report;  // null when the file was refused
  std::string error;                        // why, naming the file (short, escaped)
};

class FileLoader {
 public:
  FileLoader() = default;
  ~FileLoader();  // waits for the tasks still reading
  FileLoader(const FileLoader&) = delete;
  FileLoader& operator=(const FileLoader&) = delete;

  void start(const std::string& path);
  // The loads that have finished, in the order they were started; never blocks.
  std::vector<LoadOutcome> take_finished();
  bool busy() const { return !pending_.empty(); }

 private:
  struct Pending {
    std::string path;
    std::future<std::shared_ptr<const RunReport>> report;
  };
  std::vector<Pending> pending_;
};

}  // namespace gpuprobe::gui
