#include "threads.h"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace nnts {

void spin_wait(int& spins) {
  if (++spins < 2048) {
    cpu_relax();
  } else {
    std::this_thread::yield();
  }
}

void Barrier::wait() {
  if (count_ == 1) return;
  const int phase = phase_.load(std::memory_order_acquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) == count_ - 1) {
    arrived_.store(0, std::memory_order_relaxed);
    phase_.store(phase + 1, std::memory_order_release);
    return;
  }
  int spins = 0;
  while (phase_.load(std::memory_order_acquire) == phase) spin_wait(spins);
}

namespace {

// How long a worker spins for the next call before it sleeps. A training step leaves gaps of tens to
// hundreds of microseconds between products (the JavaScript between them); a worker asleep in those
// gaps would cost a futex wake-up per product.
constexpr auto kSpinTime = std::chrono::milliseconds(2);

class Pool {
 public:
  Pool() {
    int threads = static_cast<int>(std::thread::hardware_concurrency());
    if (const char* env = std::getenv("NNTS_THREADS")) threads = std::atoi(env);
    limit_ = threads < 1 ? 1 : threads;
  }

  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  int limit() const { return limit_; }
  void set_limit(int threads) { limit_ = threads < 1 ? 1 : threads; }

  void run(int threads, Task task, void* context) {
    if (threads > limit_) threads = limit_;
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (threads <= 1 || !busy.owns_lock()) {
      Barrier alone(1);
      task(context, 0, 1, alone);
      return;
    }
    start_workers(threads - 1);
    Barrier barrier(threads);
    task_ = task;
    context_ = context;
    barrier_ = &barrier;
    active_ = threads;
    // Every started worker acknowledges every run, so no worker still reads task_ when the next begins.
    pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    if (sleeping_.load(std::memory_order_acquire) > 0) wake_.notify_all();
    task(context, 0, threads, barrier);
    int spins = 0;
    while (pending_.load(std::memory_order_acquire) != 0) spin_wait(spins);
  }

 private:
  void start_workers(int count) {
    while (static_cast<int>(workers_.size()) < count) {
      const int id = static_cast<int>(workers_.size()) + 1;
      // The generation is read here, before run() publishes the next one, so a new worker cannot miss it.
      const unsigned long seen = generation_.load(std::memory_order_acquire);
      workers_.emplace_back([this, id, seen] { loop(id, seen); });
    }
  }

  void loop(int id, unsigned long seen) {
    for (;;) {
      const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
      for (int spins = 0; generation_.load(std::memory_order_acquire) == seen;) {
        spin_wait(spins);
        if ((spins & 255) == 255 && std::chrono::steady_clock::now() > deadline) break;
      }
      if (generation_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        sleeping_.fetch_add(1, std::memory_order_acq_rel);
        wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
        sleeping_.fetch_sub(1, std::memory_order_acq_rel);
      }
      seen = generation_.load(std::memory_order_acquire);
      if (stopping_) return;
      if (id < active_) task_(context_, id, active_, *barrier_);
      pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  int limit_ = 1;
  std::vector<std::thread> workers_;
  std::mutex busy_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<unsigned long> generation_{0};
  std::atomic<int> sleeping_{0};
  std::atomic<int> pending_{0};
  bool stopping_ = false;
  Task task_ = nullptr;
  void* context_ = nullptr;
  Barrier* barrier_ = nullptr;
  int active_ = 0;
};

Pool& pool() {
  // Never destroyed: joining threads during process exit races with Node's own teardown.
  static Pool* instance = new Pool();
  return *instance;
}

}  // namespace

int pool_threads() { return pool().limit(); }
void set_pool_threads(int threads) { pool().set_limit(threads); }
void parallel_run(int threads, Task task, void* context) { pool().run(threads, task, context); }

}  // namespace nnts
