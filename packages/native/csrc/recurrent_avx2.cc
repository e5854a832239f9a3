// recurrent_kernel.h's row loops at AVX2 width (8 floats a vector).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC target("avx2")
#endif
#include "recurrent_kernel.h"

NNTS_RECURRENT_ENTRIES(avx2)
