// The float32 GEMM of the WebAssembly backend, C = op(A)·op(B) (+ bias on every row), in SIMD128.
// It follows the native addon's BLIS structure on a smaller scale: B is packed in panels of NR
// columns, A in panels of MR rows, for blocks of KC along the inner dimension, and a 4x8 micro-kernel
// keeps its 8 accumulators (four rows of two f32x4 vectors) in registers: measured in Node 20, larger
// tiles (6x8, 4x12, 3x16) run at half the speed, as V8 spills them. WebAssembly SIMD has no fused
// multiply-add, so every product is a multiply then an add; each element sums its KC-long blocks in
// order k = 0, 1, ..., and adds the blocks in order, whatever the other block sizes.
#include "gemm.h"

static float packed_a[THREADS][(MC + MR) * KC] __attribute__((aligned(16)));
static float packed_b[THREADS][KC * (NC + NR)] __attribute__((aligned(16)));
static float edge_tile[THREADS][MR * NR] __attribute__((aligned(16)));

// Element (row, col) of an operand stored row-major as [rows, cols], or as its transpose.
static inline float at(const float *x, int transposed, int ld, int row, int col) {
  return transposed ? x[col * ld + row] : x[row * ld + col];
}

// B's rows [p0, p0 + kc) and columns [j0, j0 + nc) as panels of NR columns, zero past the edge.
static void pack_b(float *__restrict packed, const float *__restrict b, int tb, int ldb, int p0, int kc, int j0, int nc) {
  for (int jp = 0; jp < nc; jp += NR) {
    float *panel = packed + jp * kc;
    if (!tb && jp + NR <= nc) {
      // The common case: NR contiguous values of each row, two vector copies.
      const float *row = b + p0 * ldb + j0 + jp;
      for (int p = 0; p < kc; p++, row += ldb) {
        for (int v = 0; v < NV; v++) wasm_v128_store(panel + p * NR + 4 * v, wasm_v128_load(row + 4 * v));
      }
      continue;
    }
    for (int p = 0; p < kc; p++) {
      for (int j = 0; j < NR; j++) panel[p * NR + j] = jp + j < nc ? at(b, tb, ldb, p0 + p, j0 + jp + j) : 0.0f;
    }
  }
}

// A's rows [i0, i0 + mc) and columns [p0, p0 + kc) as panels of MR rows, zero past the edge.
static void pack_a(float *__restrict packed, const float *__restrict a, int ta, int lda, int i0, int mc, int p0, int kc) {
  for (int ip = 0; ip < mc; ip += MR) {
    float *panel = packed + ip * kc;
    if (ip + MR <= mc) {
      if (ta) {
        // Aᵀ stored [k, m]: the MR values of each p are contiguous.
        const float *column = a + p0 * lda + i0 + ip;
        for (int p = 0; p < kc; p++, column += lda) for (int i = 0; i < MR; i++) panel[p * MR + i] = column[i];
      } else {
        for (int i = 0; i < MR; i++) {
          const float *row = a + (i0 + ip + i) * lda + p0;
          for (int p = 0; p < kc; p++) panel[p * MR + i] = row[p];
        }
      }
      continue;
    }
    for (int p = 0; p < kc; p++) {
      for (int i = 0; i < MR; i++) panel[p * MR + i] = ip + i < mc ? at(a, ta, lda, i0 + ip + i, p0 + p) : 0.0f;
    }
  }
}

// c[MR x NR] (+)= a_panel · b_panel over kc, written to the rows and columns that exist.
static void micro_kernel(float *__restrict tile, int kc, const float *__restrict a, const float *__restrict b, float *__restrict c, int ldc, int rows, int cols, int accumulate) {
  v128_t acc[MR][NV];
  for (int i = 0; i < MR; i++) for (int v = 0; v < NV; v++) acc[i][v] = wasm_f32x4_splat(0.0f);
  for (int p = 0; p < kc; p++) {
    v128_t bv[NV];
    for (int v = 0; v < NV; v++) bv[v] = wasm_v128_load(b + p * NR + 4 * v);
    for (int i = 0; i < MR; i++) {
      const v128_t ai = wasm_v128_load32_splat(a + p * MR + i);
      for (int v = 0; v < NV; v++) acc[i][v] = wasm_f32x4_add(acc[i][v], wasm_f32x4_mul(ai, bv[v]));
    }
  }
  if (rows == MR && cols == NR) {
    for (int i = 0; i < MR; i++) {
      float *row = c + i * ldc;
      for (int v = 0; v < NV; v++) wasm_v128_store(row + 4 * v, accumulate ? wasm_f32x4_add(wasm_v128_load(row + 4 * v), acc[i][v]) : acc[i][v]);
    }
    return;
  }
  for (int i = 0; i < MR; i++) for (int v = 0; v < NV; v++) wasm_v128_store(tile + i * NR + 4 * v, acc[i][v]);
  for (int i = 0; i < rows; i++) {
    for (int j = 0; j < cols; j++) c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i * NR + j] : tile[i * NR + j];
  }
}

void pack_matrix_a(float *packed, const Operand *a, int i0, int mc, int p0, int kc, int thread) {
  (void)thread;
  pack_a(packed, a->data, a->transposed, a->ld, i0, mc, p0, kc);
}

void pack_matrix_b(float *packed, const Operand *b, int j0, int nc, int p0, int kc, int thread) {
  (void)thread;
  pack_b(packed, b->data, b->transposed, b->ld, p0, kc, j0, nc);
}

void gemm_blocked(const Operand *a, const Operand *b, float *out, int ldc, int i_begin, int i_end, int j_begin, int j_end, int k, int thread) {
  float *pa = packed_a[thread];
  float *pb = packed_b[thread];
  float *tile = edge_tile[thread];
  if (k == 0) {
    for (int i = i_begin; i < i_end; i++) for (int j = j_begin; j < j_end; j++) out[i * ldc + j] = 0.0f;
  }
  for (int j0 = j_begin; j0 < j_end; j0 += NC) {
    const int nc = j_end - j0 < NC ? j_end - j0 : NC;
    for (int p0 = 0; p0 < k; p0 += KC) {
      const int kc = k - p0 < KC ? k - p0 : KC;
      b->pack(pb, b, j0, nc, p0, kc, thread);
      for (int i0 = i_begin; i0 < i_end; i0 += MC) {
        const int mc = i_end - i0 < MC ? i_end - i0 : MC;
        a->pack(pa, a, i0, mc, p0, kc, thread);
        for (int jp = 0; jp < nc; jp += NR) {
          for (int ip = 0; ip < mc; ip += MR) {
            const int rows = mc - ip < MR ? mc - ip : MR;
            const int cols = nc - jp < NR ? nc - jp : NR;
            micro_kernel(tile, kc, pa + ip * kc, pb + jp * kc, out + (i0 + ip) * ldc + j0 + jp, ldc, rows, cols, p0 > 0);
          }
        }
      }
    }
  }
}

// Columns [j_begin, j_end) of out[m x n] = op(A)·op(B) + bias, on thread `thread`'s buffers. A is
// [m, k] (stored [k, m] when ta), B is [k, n] ([n, k] when tb); bias is null or n values. Every pointer
// is into this module's memory. Each element is computed by one call, in the same order whatever the
// split, so any number of threads gives the same bits.
__attribute__((export_name("gemm_f32_part")))
void gemm_f32_part(const float *a, const float *b, float *out, int m, int k, int n, int ta, int tb, const float *bias, int j_begin, int j_end, int thread) {
  const Operand left = {pack_matrix_a, a, ta ? m : k, ta, 0};
  const Operand right = {pack_matrix_b, b, tb ? k : n, tb, 0};
  gemm_blocked(&left, &right, out, n, 0, m, j_begin, j_end, k, thread);
  if (bias) {
    for (int i = 0; i < m; i++) for (int j = j_begin; j < j_end; j++) out[i * n + j] += bias[j];
  }
}

// The whole product on thread 0's buffers.
__attribute__((export_name("gemm_f32")))
void gemm_f32(const float *a, const float *b, float *out, int m, int k, int n, int ta, int tb, const float *bias) {
  gemm_f32_part(a, b, out, m, k, n, ta, tb, bias, 0, n, 0);
}
