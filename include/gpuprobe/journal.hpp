// The run's journal: every finished point appended, one JSON line each, to a file beside the
// result document (out.json.journal) as soon as it finishes, so a run killed before it
// writes its document (SIGKILL, a crash, a power cut after the kernel wrote the page) still
// leaves every point it finished. `gpuprobe recover` turns a journal into a document.
//
// Format: JSON lines. The first is the run's metadata: a result document (result_io.hpp)
// without devices (tool, host, backends with their devices). Each further line is a result
// document holding one device (its info left out: the header has it), one kernel and the one
// point that finished. Each line is written with one write() to a file opened O_APPEND.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

std::string journal_path_for(const std::string& result_path);  // result_path + ".journal"

class ResultJournal {
 public:
  // Creates the journal of a run writing `result_path` and writes the header. It is
  // journal_path_for(result_path) unless a journal is there already: that one is never
  // touched (another run is writing the same file now, or a run stopped before it finished and
  // its points await `gpuprobe recover`); this run journals to a name with its process id
  // instead and note() says why. Throws std::runtime_error when no journal can be created.
  ResultJournal(const std::string& result_path, const RunReport& header);
  ~ResultJournal();  // closes it; the file stays unless remove() was called
  ResultJournal(const ResultJournal&) = delete;
  ResultJournal& operator=(const ResultJournal&) = delete;

  // One finished point: `device` as far as the run has got (its memory plan), the point's
  // kernel and the point. Throws std::runtime_error on a write error.
  void append(const DeviceResult& device, const KernelResult& kernel, const Measurement& point);
  // The final document is in place: the journal has done its work.
  void remove();
  const std::string& path() const { return path_; }
  // Why the journal is not at journal_path_for(result_path), or "".
  const std::string& note() const { return note_; }

 private:
  std::string path_;
  std::string note_;
  int fd_ = -1;
};

struct RecoveredRun {
  RunReport report;                // complete = false, with the reason
  size_t points = 0;               // points recovered
  std::vector<std::string> notes;  // lines skipped and why (a line cut short by the kill)
};

// Reads a journal back. A line that does not parse (the last one, when the run was killed
// while writing it) is skipped with a note; a file whose first line is not a journal header
// is an error (std::runtime_error naming the file and the reason).
RecoveredRun recover_journal(const std::string& path);

}  // namespace gpuprobe
