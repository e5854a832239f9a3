// C[m x n] = op(A) @ op(B) (+ bias on every row), row-major, for float and double.
#pragma once
#include <cstddef>

#include "threads.h"

namespace nnts {

template <typename T>
struct GemmArgs {
  const T* a;     // m x k, or k x m when transpose_a
  const T* b;     // k x n, or n x k when transpose_b
  T* c;           // m x n
  const T* bias;  // n values added to every row, or null
  int m, k, n;
  bool transpose_a, transpose_b;
  // Optional epilogue: activated = f(C) for activation code `activation` (see kernels.h; -1 for none),
  // applied by each thread to the part of C it computed, while that part is still in its cache.
  int activation = -1;
  double alpha = 0;
  T* activated = nullptr;
};

/** a[r * ld + j] = f(z[r * ld + j]) for r < rows, j < cols: the GEMM epilogue's activation. */
void activation_block(int activation, const float* z, float* a, long rows, long cols, long ld, double alpha);
void activation_block(int activation, const double* z, double* a, long rows, long cols, long ld, double alpha);

// Blocking shared by every instruction set: a KC x NC block of B is packed once per call and read by
// all threads; each thread packs its own MC x KC blocks of A.
constexpr int kKC = 256;
constexpr int kMC = 120;
constexpr int kNC = 2048;

enum class Isa { generic = 0, avx2 = 1, avx512 = 2 };

/** The instruction set the kernels use: the best the CPU has, or NNTS_NATIVE_ISA when it names one it has. */
Isa active_isa();
const char* isa_name(Isa isa);
/** Forces an instruction set (for tests); returns false when the CPU lacks it. */
bool set_isa(Isa isa);

template <typename T>
void gemm(const GemmArgs<T>& args);

/**
 * Scratch memory owned by the calling thread, 64-byte aligned, grown on demand and kept: slot 0 packs B,
 * slot 1 packs A; a convolution keeps a row, a block of dP or a padded image in slot 2, and what its
 * threads share in slots 3 and 4 of the calling thread.
 */
void* thread_scratch(int slot, std::size_t bytes);

// One entry per instruction set and type: the part of a GEMM that thread `t` of `threads` does.
#define NNTS_DECLARE_GEMM(isa)                                                                     \
  void gemm_##isa(const GemmArgs<float>& g, float* packed_b, int t, int threads, Barrier& barrier); \
  void gemm_##isa(const GemmArgs<double>& g, double* packed_b, int t, int threads, Barrier& barrier);
NNTS_DECLARE_GEMM(generic)
NNTS_DECLARE_GEMM(avx2)
NNTS_DECLARE_GEMM(avx512)
#undef NNTS_DECLARE_GEMM

}  // namespace nnts
