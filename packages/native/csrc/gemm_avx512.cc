// AVX-512 kernels: 8 x 32 float tiles (16 accumulators of 16 lanes), 8 x 16 for double; the GEMM and
// the convolutions built on it.
#include "conv.h"
#include "gemm.h"
#include "gemm_isa.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")
#include <immintrin.h>

#include <cstring>
#include <type_traits>
#include <vector>

namespace {
__m512 partial_load(const float* p, int n) { return _mm512_maskz_loadu_ps(__mmask16((1u << n) - 1), p); }
void partial_store(float* p, __m512 v, int n) { _mm512_mask_storeu_ps(p, __mmask16((1u << n) - 1), v); }
__m512d partial_load(const double* p, int n) { return _mm512_maskz_loadu_pd(__mmask8((1u << n) - 1), p); }
void partial_store(double* p, __m512d v, int n) { _mm512_mask_storeu_pd(p, __mmask8((1u << n) - 1), v); }
// The zero-masked forms: the plain ones start from an undefined vector, which GCC 12 warns about.
__m512i lane_index(const int* p, float) { return _mm512_loadu_si512(p); }
__m512i lane_index(const int* p, double) { return _mm512_maskz_cvtepi32_epi64(0xff, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))); }
__m512 lane_permute(__m512 v, __m512i i) { return _mm512_maskz_permutexvar_ps(0xffff, i, v); }
__m512d lane_permute(__m512d v, __m512i i) { return _mm512_maskz_permutexvar_pd(0xff, i, v); }

NNTS_VECTOR_TRAITS(F32, float, __m512, 16, 8, 2, _mm512, ps)
NNTS_VECTOR_TRAITS(F64, double, __m512d, 8, 8, 2, _mm512, pd)
#include "gemm_kernel.h"
#include "patches.h"
#include "conv_base.h"
#include "conv_image.h"
#include "conv_expanded.h"
#include "conv_in_place.h"
#include "conv_kernel.h"
}  // namespace

NNTS_GEMM_ENTRIES(avx512)
#else
NNTS_GEMM_FALLBACK_ENTRIES(avx512)
#endif
