// AVX-512 kernels: 8 x 32 float tiles (16 accumulators of 16 lanes), 8 x 16 for double.
#include "gemm.h"
#include "gemm_isa.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")
#include <immintrin.h>

namespace {
NNTS_VECTOR_TRAITS(F32, float, __m512, 16, 8, 2, _mm512, ps)
NNTS_VECTOR_TRAITS(F64, double, __m512d, 8, 8, 2, _mm512, pd)
#include "gemm_kernel.h"
}  // namespace

NNTS_GEMM_ENTRIES(avx512)
#else
NNTS_GEMM_FALLBACK_ENTRIES(avx512)
#endif
