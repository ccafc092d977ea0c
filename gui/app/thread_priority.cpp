#include "app/thread_priority.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gpuprobe::gui {
namespace {

int set_thread_nice(int nice) {
  // PRIO_PROCESS with a thread id acts on that thread alone (Linux).
  return setpriority(PRIO_PROCESS, id_t(gettid()), nice);
}

}  // namespace

int current_thread_nice() {
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, id_t(gettid()));
  return errno == 0 ? nice : 0;
}

std::string ThreadPriority::lower() {
  if (lowered_) return {};
  if (stuck_) return "the window's thread still runs at nice " + std::to_string(during_);
  before_ = current_thread_nice();
  during_ = std::min(before_ + kRunNiceIncrement, 19);
  if (during_ == before_) return "the window's thread already runs at the lowest priority";
  if (set_thread_nice(during_) != 0)
    return std::string("cannot lower the window's thread priority: ") + std::strerror(errno);
  lowered_ = true;
  return "the window's thread runs at nice " + std::to_string(during_) + " during the run (was " +
         std::to_string(before_) + ")";
}

std::string ThreadPriority::restore() {
  if (!lowered_) return {};
  lowered_ = false;
  if (set_thread_nice(before_) != 0) {
    stuck_ = true;
    return "the window's thread stays at nice " + std::to_string(during_) +
           " (raising it back needs CAP_SYS_NICE or RLIMIT_NICE: " + std::strerror(errno) + ")";
  }
  return "the window's thread is back at nice " + std::to_string(before_);
}

}  // namespace gpuprobe::gui
