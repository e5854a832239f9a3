// The step kernels of the recurrent layers: an LSTM or GRU cell forward and backward over a block of
// rows (one per sequence of the batch), and the [outer, inner, width] <-> [inner, outer, width] copy
// that puts a batch of sequences in time-major order. The tensor package's Backend documents each; the
// layers package's recurrent/cells.ts holds the TypeScript loops they follow.
#pragma once

namespace nnts {

// Gate blocks are [rows, 4·units] (LSTM: i, f, c, o) or [rows, 3·units] (GRU: z, r, h); states are
// [rows, units]. Outputs never overlap inputs (the binding checks), except dc, read and overwritten.
template <typename T>
struct LstmStep {
  const T* xw;
  const T* hu;
  const T* c_prev;
  T* gates;
  T* c;
  T* tanh_c;
  T* h;
  long units;
};

template <typename T>
struct LstmBackStep {
  const T* gates;
  const T* c_prev;
  const T* tanh_c;
  const T* dh;
  T* dc;
  T* dz;
  long units;
};

template <typename T>
struct GruStep {
  const T* xw;
  const T* hu;
  const T* h_prev;
  T* gates;
  T* h;
  long units;
};

template <typename T>
struct GruBackStep {
  const T* gates;
  const T* hu;
  const T* h_prev;
  const T* dh;
  T* dxw;
  T* dhu;
  T* dh_prev;
  long units;
};

/**
 * The whole step over `rows` rows, split by rows between the pool's threads: a row's results never
 * depend on the split. float32 forward steps use the vectorised approximations of recurrent_math.h
 * (within 2.4 ulps of double); float64 ones std::exp and std::tanh, the TypeScript loop's formulas in
 * the same order. The backward steps are products and sums only, computed in double and rounded once
 * as the TypeScript loop does: for either type they give its bits.
 */
void lstm_cell(const LstmStep<float>& step, long rows);
void lstm_cell(const LstmStep<double>& step, long rows);
void lstm_cell_backward(const LstmBackStep<float>& step, long rows);
void lstm_cell_backward(const LstmBackStep<double>& step, long rows);
void gru_cell(const GruStep<float>& step, long rows);
void gru_cell(const GruStep<double>& step, long rows);
void gru_cell_backward(const GruBackStep<float>& step, long rows);
void gru_cell_backward(const GruBackStep<double>& step, long rows);

/** out[i][o] = x[o][i] for x [outer, inner, width] and out [inner, outer, width] (not overlapping). */
void swap_leading_axes(const float* x, float* out, long outer, long inner, long width);
void swap_leading_axes(const double* x, double* out, long outer, long inner, long width);

// Rows [lo, hi) of a step, one entry per instruction set (recurrent_kernel.h compiled for each); the
// float32 forward steps and the backward steps of both types.
#define NNTS_DECLARE_RECURRENT(isa)                                                           \
  void lstm_rows_##isa(const LstmStep<float>& step, long lo, long hi);                        \
  void gru_rows_##isa(const GruStep<float>& step, long lo, long hi);                          \
  void lstm_backward_rows_##isa(const LstmBackStep<float>& step, long lo, long hi);           \
  void lstm_backward_rows_##isa(const LstmBackStep<double>& step, long lo, long hi);          \
  void gru_backward_rows_##isa(const GruBackStep<float>& step, long lo, long hi);             \
  void gru_backward_rows_##isa(const GruBackStep<double>& step, long lo, long hi);
NNTS_DECLARE_RECURRENT(generic)
NNTS_DECLARE_RECURRENT(avx2)
NNTS_DECLARE_RECURRENT(avx512)
#undef NNTS_DECLARE_RECURRENT

}  // namespace nnts
