// A small persistent thread pool for the GEMM: the calling thread is worker 0 and the others spin
// briefly, then sleep, between calls. Spinning matters: a training step issues a GEMM every few
// hundred microseconds, and waking a sleeping thread costs tens of them.
#pragma once
#include <atomic>

namespace nnts {

/** A reusable spin barrier for the `count` threads of one parallel region. */
class Barrier {
 public:
  explicit Barrier(int count) : count_(count) {}
  void wait();

 private:
  const int count_;
  std::atomic<int> arrived_{0};
  std::atomic<int> phase_{0};
};

using Task = void (*)(void* context, int thread, int threads, Barrier& barrier);

/** Threads the pool may use, including the caller (from NNTS_THREADS or the hardware). */
int pool_threads();
void set_pool_threads(int threads);

/**
 * Runs task(context, t, threads, barrier) on `threads` threads (t = 0 is the caller) and returns
 * when all have finished. When another caller holds the pool, the task runs on the caller alone.
 */
void parallel_run(int threads, Task task, void* context);

/**
 * Runs body(lo, hi) over contiguous shares of [0, count) on the pool's threads, or on the caller alone
 * when `work` (about the elements touched) is below `least`: waking a worker costs a microsecond or
 * two. Every share must write only its own outputs; shares start on multiples of `grain`.
 */
template <class Body>
void parallel_for(long count, long work, long least, const Body& body, long grain = 1) {
  struct Context {
    const Body* body;
    long count, grain;
  } context{&body, count, grain};
  parallel_run(work >= least ? pool_threads() : 1, [](void* c, int t, int n, Barrier&) {
    const Context& k = *static_cast<Context*>(c);
    const long units = (k.count + k.grain - 1) / k.grain;
    const long lo = units * t / n * k.grain, hi = units * (t + 1) / n * k.grain;
    if (lo < k.count) (*k.body)(lo, hi < k.count ? hi : k.count);
  }, &context);
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/**
 * One step of a wait loop: pause for the first spins, then give the core away each time. Pure
 * spinning is fastest on an idle machine but ruinous on a busy one: a thread spinning at a barrier
 * can hold the very core its partner needs to arrive (a training epoch went from 0.3 s to 86 s with a
 * second process running).
 */
void spin_wait(int& spins);

}  // namespace nnts
