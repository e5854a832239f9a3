// AVX2 + FMA kernels: 6 x 16 float tiles (12 accumulators of 8 lanes), 6 x 8 for double.
#include "gemm.h"
#include "gemm_isa.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC target("avx2,fma")
#include <immintrin.h>

namespace {
NNTS_VECTOR_TRAITS(F32, float, __m256, 8, 6, 2, _mm256, ps)
NNTS_VECTOR_TRAITS(F64, double, __m256d, 4, 6, 2, _mm256, pd)
#include "gemm_kernel.h"
}  // namespace

NNTS_GEMM_ENTRIES(avx2)
#else
NNTS_GEMM_FALLBACK_ENTRIES(avx2)
#endif
