// A persistent pool of worker threads: one "launch" hands the same task to N threads and
// returns when all of them are done, like a kernel launch over N work-groups. The threads
// live as long as the plugin, so a launch costs a wake-up and a join, not a thread start.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <type_traits>
#include <vector>

namespace gpuprobe::cpu {

class ThreadPool {
 public:
  // `threads` counts the calling thread, which always runs index 0 of a launch.
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned size() const { return static_cast<unsigned>(workers_.size()) + 1; }

  // Run task(index, count) for index in [0, count) on `count` threads (count <= size()),
  // returning once every call has returned. The task must not throw.
  template <typename Task>
  void run(unsigned count, Task&& task) {
    using Fn = std::remove_reference_t<Task>;
    dispatch(count, &task,
             [](void* ctx, unsigned index, unsigned n) { (*static_cast<Fn*>(ctx))(index, n); });
  }

 private:
  using Trampoline = void (*)(void*, unsigned, unsigned);
  void dispatch(unsigned count, void* ctx, Trampoline fn);
  void worker_loop(unsigned index);

  std::vector<std::thread> workers_;
  // The launch being run; written by the caller before `generation_` is bumped (release),
  // read by workers after they see the bump (acquire).
  void* ctx_ = nullptr;
  Trampoline fn_ = nullptr;
  unsigned count_ = 0;
  bool stopping_ = false;
  std::atomic<uint64_t> generation_{0};
  std::atomic<unsigned> pending_{0};  // workers yet to finish (or skip) the current launch
};

}  // namespace gpuprobe::cpu
