// The result documents on screen: the live run's latest snapshot plus any result files the
// user opened (also from other machines). Every panel reads its data from here, so a file
// from a CUDA machine shows up as extra columns without any panel knowing about CUDA.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gpuprobe/results.hpp"
#include "gpuprobe/spec_db.hpp"
#include "gpuprobe/spec_match.hpp"

namespace gpuprobe::gui {

struct LoadedFile {
  std::string path;
  std::shared_ptr<const RunReport> report;
};

class Workspace {
 public:
  // The spec-sheet rows every device on screen is compared with (shares of spec bandwidth
  // and compute, as the CLI's table). A document that already holds its comparison (a CLI
  // run's file, compared with the rows of its own --spec-file) keeps it. Set before any
  // report arrives; nullptr: no comparison.
  void set_spec_database(std::shared_ptr<const SpecDatabase> db) {
    specs_ = std::move(db);
    live_matches_.clear();
  }

  // Replaces the live run's report (a Session snapshot); returns true if it changed.
  bool set_live(std::shared_ptr<const RunReport> report);
  const std::shared_ptr<const RunReport>& live() const { return live_; }

  // Loads a result file and appends it. Throws std::runtime_error naming the file and the
  // problem (unreadable, corrupt, truncated, newer schema); the workspace is unchanged then.
  // Reopening a file that is already loaded replaces it instead of adding a twin column.
  void open_file(const std::string& path);
  // Appends (or replaces, as above) a report already loaded, e.g. by a FileLoader.
  void add_file(const std::string& path, std::shared_ptr<const RunReport> report);
  void close_file(size_t index);
  const std::vector<LoadedFile>& files() const { return files_; }

  // Live report first (if any), then files in the order opened.
  std::vector<const RunReport*> reports() const;

  // Bumped on every change so views rebuild their derived data only when needed.
  uint64_t generation() const { return generation_; }

 private:
  // `live`: the report is a snapshot of this machine's run, whose devices are matched once
  // and remembered (a snapshot arrives at every point boundary); a file's are matched anew.
  std::shared_ptr<const RunReport> with_spec_comparisons(std::shared_ptr<const RunReport> report,
                                                         bool live);

  std::shared_ptr<const SpecDatabase> specs_;
  std::map<std::string, SpecMatch> live_matches_;  // by DeviceInfo::label()
  std::shared_ptr<const RunReport> live_source_;   // the snapshot as given, to spot repeats
  std::shared_ptr<const RunReport> live_;
  std::vector<LoadedFile> files_;
  uint64_t generation_ = 0;
};

}  // namespace gpuprobe::gui
