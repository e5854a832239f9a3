// AVX-512 kernels: 8 x 32 float tiles (16 accumulators of 16 lanes), 8 x 16 for double.
#include "gemm.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")
#include <immintrin.h>

namespace {

struct F32 {
  using T = float;
  using V = __m512;
  static constexpr int L = 16, MR = 8, NV = 2;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const T* p) { return _mm512_loadu_ps(p); }
  static V broadcast(const T* p) { return _mm512_set1_ps(*p); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static void store(T* p, V v) { _mm512_storeu_ps(p, v); }
};

struct F64 {
  using T = double;
  using V = __m512d;
  static constexpr int L = 8, MR = 8, NV = 2;
  static V zero() { return _mm512_setzero_pd(); }
  static V load(const T* p) { return _mm512_loadu_pd(p); }
  static V broadcast(const T* p) { return _mm512_set1_pd(*p); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static void store(T* p, V v) { _mm512_storeu_pd(p, v); }
};

#include "gemm_kernel.h"

}  // namespace

namespace nnts {
void gemm_avx512(const GemmArgs<float>& g, float* packed_b, int t, int threads, Barrier& barrier) {
  Gemm<F32>::run(g, packed_b, t, threads, barrier);
}
void gemm_avx512(const GemmArgs<double>& g, double* packed_b, int t, int threads, Barrier& barrier) {
  Gemm<F64>::run(g, packed_b, t, threads, barrier);
}
}  // namespace nnts

#else
// Not an x86-64 GCC/Clang build: the dispatcher never selects this instruction set.
namespace nnts {
void gemm_avx512(const GemmArgs<float>& g, float* b, int t, int n, Barrier& r) { gemm_generic(g, b, t, n, r); }
void gemm_avx512(const GemmArgs<double>& g, double* b, int t, int n, Barrier& r) { gemm_generic(g, b, t, n, r); }
}  // namespace nnts
#endif
