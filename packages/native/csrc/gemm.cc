#include "gemm.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace nnts {

namespace {

bool cpu_has(Isa isa) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (isa == Isa::avx512) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("fma");
  }
  if (isa == Isa::avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return isa == Isa::generic;
}

Isa detect() {
  if (const char* wanted = std::getenv("NNTS_NATIVE_ISA")) {
    for (Isa isa : {Isa::avx512, Isa::avx2, Isa::generic}) {
      if (std::strcmp(wanted, isa_name(isa)) == 0 && cpu_has(isa)) return isa;
    }
  }
  for (Isa isa : {Isa::avx512, Isa::avx2}) {
    if (cpu_has(isa)) return isa;
  }
  return Isa::generic;
}

Isa& current() {
  static Isa isa = detect();
  return isa;
}

struct Scratch {
  void* data = nullptr;
  std::size_t bytes = 0;
  ~Scratch() { std::free(data); }
};

template <typename T>
struct Job {
  const GemmArgs<T>* args;
  T* packed_b;
  Isa isa;
};

template <typename T>
void run_share(void* context, int t, int threads, Barrier& barrier) {
  const Job<T>& job = *static_cast<Job<T>*>(context);
  switch (job.isa) {
    case Isa::avx512:
      gemm_avx512(*job.args, job.packed_b, t, threads, barrier);
      break;
    case Isa::avx2:
      gemm_avx2(*job.args, job.packed_b, t, threads, barrier);
      break;
    default:
      gemm_generic(*job.args, job.packed_b, t, threads, barrier);
  }
}

}  // namespace

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::avx512:
      return "avx512";
    case Isa::avx2:
      return "avx2";
    default:
      return "generic";
  }
}

Isa active_isa() { return current(); }

bool set_isa(Isa isa) {
  if (!cpu_has(isa)) return false;
  current() = isa;
  return true;
}

void* thread_scratch(int slot, std::size_t bytes) {
  thread_local Scratch slots[5];
  Scratch& s = slots[slot];
  if (s.bytes < bytes) {
    std::free(s.data);
    const std::size_t rounded = (bytes + 63) / 64 * 64;
    s.data = std::aligned_alloc(64, rounded);
    if (!s.data) std::abort();
    s.bytes = rounded;
  }
  return s.data;
}

template <typename T>
void gemm(const GemmArgs<T>& args) {
  const long m = args.m, n = args.n, k = args.k;
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (long i = 0; i < m; ++i)
      for (long j = 0; j < n; ++j) args.c[i * n + j] = args.bias ? args.bias[j] : T(0);
    if (args.activated) activation_block(args.activation, args.c, args.activated, m, n, n, args.alpha);
    return;
  }
  // Below about a million multiply-adds, waking a second thread costs more than it saves.
  const int threads = m * n * k >= (1L << 18) ? pool_threads() : 1;
  const long widest = n < kNC ? n : kNC;
  // Enough for KC rows of the widest block rounded up to any kernel's NR (at most 64 lanes).
  T* packed_b = static_cast<T*>(thread_scratch(0, sizeof(T) * kKC * (widest + 64)));
  Job<T> job{&args, packed_b, current()};
  parallel_run(threads, run_share<T>, &job);
}

template void gemm<float>(const GemmArgs<float>&);
template void gemm<double>(const GemmArgs<double>&);

}  // namespace nnts
