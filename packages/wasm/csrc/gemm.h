// What the float32 GEMM (gemm.c) shares with the kernels built on it (conv.c): its block sizes, the
// 4x8 micro-kernel, and a blocked product whose operands pack themselves into the micro-kernel's
// panels, so a convolution packs image patches straight into them instead of storing an im2col matrix.
#pragma once
#include <wasm_simd128.h>

#ifndef MR
#define MR 4
#endif
#ifndef NR
#define NR 8
#endif
#define NV (NR / 4)
#ifndef KC
#define KC 256
#endif
#ifndef MC
#define MC 72
#endif
#define NC 2048

typedef unsigned long size_t;

// Up to THREADS threads each run a part of a product on buffers of their own (the module's memory is
// shared between them where threads are used), so no thread uses the stack for data.
#define THREADS 2

// One operand of a product, packing its own blocks. For A (rows i, inner p) `pack` writes rows
// [outer0, outer0 + count) and columns [p0, p0 + kc) as panels of MR rows: panel r at packed + r·MR·kc
// holds [p·MR + i]; for B (inner p, columns j), rows [p0, p0 + kc) and columns [outer0, outer0 + count)
// as panels of NR columns: panel q at packed + q·NR·kc holds [p·NR + j]. Both zero past count.
typedef struct Operand Operand;
struct Operand {
  void (*pack)(float *packed, const Operand *self, int outer0, int count, int p0, int kc, int thread);
  const float *data;
  int ld;
  int transposed;
  const void *geometry;
};

// A plain row-major matrix [rows, cols], or stored as its transpose: gemm.c's packers.
void pack_matrix_a(float *packed, const Operand *a, int i0, int mc, int p0, int kc, int thread);
void pack_matrix_b(float *packed, const Operand *b, int j0, int nc, int p0, int kc, int thread);

// out[i, j] = Σ_p A[i, p]·B[p, j] for rows [i_begin, i_end) and columns [j_begin, j_end) of an out
// whose rows are ldc apart, on thread `thread`'s buffers. Each element sums its KC-long blocks of p in
// order, k = 0, 1, ..., and adds the blocks in order: the bits depend on k alone, not on the part.
void gemm_blocked(const Operand *a, const Operand *b, float *out, int ldc, int i_begin, int i_end, int j_begin, int j_end, int k, int thread);
