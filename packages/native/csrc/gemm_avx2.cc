// AVX2 + FMA kernels: 6 x 16 float tiles (12 accumulators of 8 lanes), 6 x 8 for double; the GEMM and
// the convolutions built on it.
#include "conv.h"
#include "gemm.h"
#include "gemm_isa.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC target("avx2,fma")
#include <immintrin.h>

#include <cstring>
#include <type_traits>
#include <vector>

namespace {
// AVX2 masks are vectors: all ones in the lanes to touch, read from a sliding window of this table.
alignas(32) const int kMask32[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
alignas(32) const long long kMask64[8] = {-1, -1, -1, -1, 0, 0, 0, 0};
__m256i mask32(int n) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMask32 + 8 - n)); }
__m256i mask64(int n) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMask64 + 4 - n)); }
__m256 partial_load(const float* p, int n) { return _mm256_maskload_ps(p, mask32(n)); }
void partial_store(float* p, __m256 v, int n) { _mm256_maskstore_ps(p, mask32(n), v); }
__m256d partial_load(const double* p, int n) { return _mm256_maskload_pd(p, mask64(n)); }
void partial_store(double* p, __m256d v, int n) { _mm256_maskstore_pd(p, mask64(n), v); }
// AVX2 permutes 32-bit lanes only: a double's index i becomes the pair of float lanes 2i, 2i + 1.
__m256i lane_index(const int* p, float) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
__m256i lane_index(const int* p, double) {
  const __m256i twice = _mm256_slli_epi64(_mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))), 1);
  return _mm256_or_si256(twice, _mm256_slli_epi64(_mm256_add_epi64(twice, _mm256_set1_epi64x(1)), 32));
}
__m256 lane_permute(__m256 v, __m256i i) { return _mm256_permutevar8x32_ps(v, i); }
__m256d lane_permute(__m256d v, __m256i i) { return _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(v), i)); }

NNTS_VECTOR_TRAITS(F32, float, __m256, 8, 6, 2, _mm256, ps)
NNTS_VECTOR_TRAITS(F64, double, __m256d, 4, 6, 2, _mm256, pd)
#include "gemm_kernel.h"
#include "patches.h"
#include "conv_base.h"
#include "conv_image.h"
#include "conv_expanded.h"
#include "conv_in_place.h"
#include "conv_kernel.h"
}  // namespace

NNTS_GEMM_ENTRIES(avx2)
#else
NNTS_GEMM_FALLBACK_ENTRIES(avx2)
#endif
