// recurrent_kernel.h's row loops at AVX-512 width (16 floats a vector).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#pragma GCC target("avx512f,avx512vl,avx512dq,avx512bw,avx2,prefer-vector-width=512")
#endif
#include "recurrent_kernel.h"

NNTS_RECURRENT_ENTRIES(avx512)
