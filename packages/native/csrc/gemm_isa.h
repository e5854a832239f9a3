// What the per-instruction-set GEMM files share: kernel traits over one family of intrinsics, and
// the entry points each file exports. See gemm_avx512.cc and gemm_avx2.cc.
#pragma once

// Traits for gemm_kernel.h over the intrinsics `prefix`_..._`suffix` (e.g. _mm512 and ps), and the
// including file's partial_load/partial_store (the first n lanes, masked: nothing past them is touched)
// and lane_index/lane_permute (I: an index vector made from L ints; permute: lane l = v[i[l]]).
// kept(v) is v, held in a register: a loaded value used several times is then loaded once (under
// register pressure GCC would fold the load into every instruction that uses it).
#define NNTS_VECTOR_TRAITS(Name, Scalar, Vector, Lanes, Rows, Vectors, prefix, suffix) \
  struct Name {                                                                          \
    using T = Scalar;                                                                    \
    using V = Vector;                                                                    \
    static constexpr int L = Lanes, MR = Rows, NV = Vectors;                             \
    static V zero() { return prefix##_setzero_##suffix(); }                              \
    static V load(const T* p) { return prefix##_loadu_##suffix(p); }                     \
    static V broadcast(const T* p) { return prefix##_set1_##suffix(*p); }                \
    static V fma(V a, V b, V c) { return prefix##_fmadd_##suffix(a, b, c); }             \
    static V add(V a, V b) { return prefix##_add_##suffix(a, b); }                       \
    static void store(T* p, V v) { prefix##_storeu_##suffix(p, v); }                     \
    static V load_n(const T* p, int n) { return partial_load(p, n); }                    \
    static void store_n(T* p, V v, int n) { partial_store(p, v, n); }                    \
    using I = decltype(lane_index(static_cast<const int*>(nullptr), Scalar()));           \
    static I index(const int* p) { return lane_index(p, T()); }                          \
    static V permute(V v, I i) { return lane_permute(v, i); }                            \
    static V kept(V v) {                                                                 \
      __asm__("" : "+v"(v));                                                             \
      return v;                                                                          \
    }                                                                                    \
  };

// nnts::gemm_<isa> and nnts::conv_<isa> for float and double, running Gemm and Conv over the including
// file's F32 and F64 traits.
#define NNTS_GEMM_ENTRIES(isa)                                                                                         \
  namespace nnts {                                                                                                     \
  void gemm_##isa(const GemmArgs<float>& g, float* packed_b, int t, int threads, Barrier& barrier) {                     \
    Gemm<F32>::run(g, packed_b, t, threads, barrier);                                                                 \
  }                                                                                                                    \
  void gemm_##isa(const GemmArgs<double>& g, double* packed_b, int t, int threads, Barrier& barrier) {                   \
    Gemm<F64>::run(g, packed_b, t, threads, barrier);                                                                 \
  }                                                                                                                    \
  void conv_##isa(ConvProduct p, const ConvArgs<float>& a, ConvShared<float>& s, int t, int threads, Barrier& barrier) {   \
    Conv<F32>::run(p, a, s, t, threads, barrier);                                                                     \
  }                                                                                                                    \
  void conv_##isa(ConvProduct p, const ConvArgs<double>& a, ConvShared<double>& s, int t, int threads, Barrier& barrier) { \
    Conv<F64>::run(p, a, s, t, threads, barrier);                                                                     \
  }                                                                                                                    \
  }

// Where the instruction set cannot be compiled (not x86-64 GCC/Clang), the dispatcher never selects
// it; the entries exist so the addon links, and run the portable kernels.
#define NNTS_GEMM_FALLBACK_ENTRIES(isa)                                                                                  \
  namespace nnts {                                                                                                       \
  void gemm_##isa(const GemmArgs<float>& g, float* b, int t, int n, Barrier& r) { gemm_generic(g, b, t, n, r); }   \
  void gemm_##isa(const GemmArgs<double>& g, double* b, int t, int n, Barrier& r) { gemm_generic(g, b, t, n, r); } \
  void conv_##isa(ConvProduct p, const ConvArgs<float>& a, ConvShared<float>& s, int t, int n, Barrier& r) {         \
    conv_generic(p, a, s, t, n, r);                                                                                      \
  }                                                                                                                      \
  void conv_##isa(ConvProduct p, const ConvArgs<double>& a, ConvShared<double>& s, int t, int n, Barrier& r) {       \
    conv_generic(p, a, s, t, n, r);                                                                                      \
  }                                                                                                                      \
  }
