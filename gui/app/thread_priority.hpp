// The window's thread steps back while a run is timed. On Linux a nice value belongs to a
// thread, so lowering the window's (main) thread leaves the Session's run thread, the
// backends' worker processes and a driver's own threads at their priority: under contention
// the benchmark gets the cores first and the window draws with what is left.
#pragma once

#include <string>

namespace gpuprobe::gui {

class ThreadPriority {
 public:
  static constexpr int kRunNiceIncrement = 10;
  // Lowers the calling thread's priority by kRunNiceIncrement (nice + 10, at most 19).
  // Returns a line for the log: what it did, or why it could not.
  std::string lower();
  // Back to the nice value before lower(), where the system allows it: raising a thread's
  // priority again needs CAP_SYS_NICE or a RLIMIT_NICE that permits it, so an ordinary user's
  // window stays lowered after its first run (it only yields to busier work). Returns a
  // line for the log, empty when nothing was lowered.
  std::string restore();

 private:
  bool lowered_ = false, stuck_ = false;  // stuck: could not be raised back
  int before_ = 0, during_ = 0;
};

// The calling thread's nice value (-20..19).
int current_thread_nice();

}  // namespace gpuprobe::gui
