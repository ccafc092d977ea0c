#include "thread_pool.hpp"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace gpuprobe::cpu {
namespace {

// Spin this long before sleeping in the kernel. Back-to-back launches then find the
// workers awake (a futex wake-up costs several microseconds), while a thread that shares
// its core with the one it waits for (a busy machine) gives the core up after 20 us instead
// of burning its whole time slice. Time-based, because a pause costs 10 cycles on some
// CPUs and 140 on others.
constexpr auto kSpinBudget = std::chrono::microseconds(20);

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

// Wait until `value` differs from `old`; returns the new value.
template <typename T>
T wait_for_change(const std::atomic<T>& value, T old) {
  const auto give_up = std::chrono::steady_clock::now() + kSpinBudget;
  for (unsigned round = 1;; ++round) {
    const T now = value.load(std::memory_order_acquire);
    if (now != old) return now;
    cpu_relax();
    if (round % 32 == 0 && std::chrono::steady_clock::now() > give_up) break;
  }
  for (;;) {
    value.wait(old, std::memory_order_acquire);
    const T now = value.load(std::memory_order_acquire);
    if (now != old) return now;
  }
}

}  // namespace

ThreadPool::ThreadPool(unsigned threads) {
  if (threads < 1) threads = 1;
  workers_.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
  stopping_ = true;
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::dispatch(unsigned count, void* ctx, Trampoline fn) {
  if (count < 1) count = 1;
  if (count > size()) count = size();
  if (count > 1) {
    ctx_ = ctx;
    fn_ = fn;
    count_ = count;
    // Every worker acknowledges every launch, also those sitting it out, so none can still
    // be reading this launch's fields when the caller starts the next one.
    pending_.store(size() - 1, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
  }
  fn(ctx, 0, count);
  if (count > 1) {
    unsigned left = pending_.load(std::memory_order_acquire);
    while (left != 0) left = wait_for_change(pending_, left);
  }
}

void ThreadPool::worker_loop(unsigned index) {
  uint64_t seen = 0;
  for (;;) {
    seen = wait_for_change(generation_, seen);
    if (stopping_) return;
    // Workers beyond this launch's count sit it out (latency_hiding runs on fewer threads).
    if (index < count_) fn_(ctx_, index, count_);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
  }
}

}  // namespace gpuprobe::cpu
