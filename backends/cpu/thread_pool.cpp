#include "thread_pool.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace gpuprobe::cpu {
namespace {

// Spin this many rounds before sleeping in the kernel: back-to-back launches then find the
// workers awake (a futex wake-up costs several microseconds), while an idle pool does not
// burn the cores that other processes need.
constexpr int kSpinRounds = 4000;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

// Wait until `value` differs from `old`; returns the new value.
template <typename T>
T wait_for_change(const std::atomic<T>& value, T old) {
  for (int i = 0; i < kSpinRounds; ++i) {
    const T now = value.load(std::memory_order_acquire);
    if (now != old) return now;
    cpu_relax();
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
