// The row loops of recurrent.h's kernels, included once per instruction set by recurrent_avx512.cc,
// recurrent_avx2.cc and recurrent_generic.cc, which compile them under their own target and define
// the entries with NNTS_RECURRENT_ENTRIES. Each loop runs along a row's units, where the gates sit side
// by side, and GCC vectorises it at the including file's width; nothing in it depends on that width.
#include "recurrent.h"
#include "recurrent_math.h"

namespace {

using nnts::fast::sigmoid_sum;
using nnts::fast::tanh2part;
using nnts::fast::tanh_sum;

// One row each. The pointers are restrict parameters, not locals: GCC ignored restrict on block-scope
// pointers here, and the runtime alias checks it wanted instead for this many arrays exceed its limit,
// leaving the loops scalar.
inline void lstm_row(const float* __restrict xw, const float* __restrict hu, const float* __restrict c_prev, float* __restrict gates,
                     float* __restrict c, float* __restrict tanh_c, float* __restrict h, long u) {
  for (long j = 0; j < u; ++j) {
    const float i = sigmoid_sum(xw[j], hu[j]);
    const float f = sigmoid_sum(xw[u + j], hu[u + j]);
    const float g = tanh_sum(xw[2 * u + j], hu[2 * u + j]);
    const float o = sigmoid_sum(xw[3 * u + j], hu[3 * u + j]);
    // Products of floats are exact in double, so the cell rounds once from the gates it stores.
    const double cell = double(f) * double(c_prev[j]) + double(i) * double(g);
    const float rounded = float(cell);
    const float t = tanh2part(rounded, float(cell - double(rounded)));
    gates[j] = i;
    gates[u + j] = f;
    gates[2 * u + j] = g;
    gates[3 * u + j] = o;
    c[j] = rounded;
    tanh_c[j] = t;
    h[j] = o * t;
  }
}

void lstm_rows(const nnts::LstmStep<float>& s, long lo, long hi) {
  const long u = s.units;
  for (long r = lo; r < hi; ++r)
    lstm_row(s.xw + r * 4 * u, s.hu + r * 4 * u, s.c_prev + r * u, s.gates + r * 4 * u, s.c + r * u, s.tanh_c + r * u, s.h + r * u, u);
}

inline void gru_row(const float* __restrict xw, const float* __restrict hu, const float* __restrict h_prev, float* __restrict gates,
                    float* __restrict h, long u) {
  for (long j = 0; j < u; ++j) {
    const float z = sigmoid_sum(xw[j], hu[j]);
    const float reset = sigmoid_sum(xw[u + j], hu[u + j]);
    // xw_h + reset·hu_h in double (the product is exact there), handed to tanh as hi + lo.
    const double pre = double(xw[2 * u + j]) + double(reset) * double(hu[2 * u + j]);
    const float pre_hi = float(pre);
    const float n = tanh2part(pre_hi, float(pre - double(pre_hi)));
    gates[j] = z;
    gates[u + j] = reset;
    gates[2 * u + j] = n;
    h[j] = float(double(z) * double(h_prev[j]) + (1 - double(z)) * double(n));
  }
}

void gru_rows(const nnts::GruStep<float>& s, long lo, long hi) {
  const long u = s.units;
  for (long r = lo; r < hi; ++r) gru_row(s.xw + r * 3 * u, s.hu + r * 3 * u, s.h_prev + r * u, s.gates + r * 3 * u, s.h + r * u, u);
}

// The backward loops are cells.ts's expressions in its order, in double, for float and double data.
template <typename T>
inline void lstm_backward_row(const T* __restrict gates, const T* __restrict c_prev, const T* __restrict tanh_c, const T* __restrict dh,
                              T* __restrict dc, T* __restrict dz, long u) {
  for (long j = 0; j < u; ++j) {
    const double i = gates[j], f = gates[u + j], g = gates[2 * u + j], o = gates[3 * u + j];
    const double t = tanh_c[j], grad_h = dh[j];
    const double grad_c = double(dc[j]) + grad_h * o * (1 - t * t);
    dz[j] = T(grad_c * g * i * (1 - i));
    dz[u + j] = T(grad_c * double(c_prev[j]) * f * (1 - f));
    dz[2 * u + j] = T(grad_c * i * (1 - g * g));
    dz[3 * u + j] = T(grad_h * t * o * (1 - o));
    dc[j] = T(grad_c * f);
  }
}

template <typename T>
void lstm_backward_rows(const nnts::LstmBackStep<T>& s, long lo, long hi) {
  const long u = s.units;
  for (long r = lo; r < hi; ++r)
    lstm_backward_row(s.gates + r * 4 * u, s.c_prev + r * u, s.tanh_c + r * u, s.dh + r * u, s.dc + r * u, s.dz + r * 4 * u, u);
}

template <typename T>
inline void gru_backward_row(const T* __restrict gates, const T* __restrict hu, const T* __restrict h_prev, const T* __restrict dh,
                             T* __restrict dxw, T* __restrict dhu, T* __restrict dh_prev, long u) {
  for (long j = 0; j < u; ++j) {
    const double z = gates[j], reset = gates[u + j], n = gates[2 * u + j], grad_h = dh[j];
    const double grad_z = grad_h * (double(h_prev[j]) - n) * z * (1 - z);
    const double grad_n = grad_h * (1 - z) * (1 - n * n);
    const double grad_reset = grad_n * double(hu[2 * u + j]) * reset * (1 - reset);
    dxw[j] = T(grad_z);
    dxw[u + j] = T(grad_reset);
    dxw[2 * u + j] = T(grad_n);
    dhu[j] = T(grad_z);
    dhu[u + j] = T(grad_reset);
    dhu[2 * u + j] = T(grad_n * reset);
    dh_prev[j] = T(grad_h * z);
  }
}

template <typename T>
void gru_backward_rows(const nnts::GruBackStep<T>& s, long lo, long hi) {
  const long u = s.units;
  for (long r = lo; r < hi; ++r)
    gru_backward_row(s.gates + r * 3 * u, s.hu + r * 3 * u, s.h_prev + r * u, s.dh + r * u, s.dxw + r * 3 * u, s.dhu + r * 3 * u, s.dh_prev + r * u, u);
}

}  // namespace

#define NNTS_RECURRENT_ENTRIES(isa)                                                                                      \
  namespace nnts {                                                                                                       \
  void lstm_rows_##isa(const LstmStep<float>& s, long lo, long hi) { lstm_rows(s, lo, hi); }                              \
  void gru_rows_##isa(const GruStep<float>& s, long lo, long hi) { gru_rows(s, lo, hi); }                                 \
  void lstm_backward_rows_##isa(const LstmBackStep<float>& s, long lo, long hi) { lstm_backward_rows(s, lo, hi); }        \
  void lstm_backward_rows_##isa(const LstmBackStep<double>& s, long lo, long hi) { lstm_backward_rows(s, lo, hi); }       \
  void gru_backward_rows_##isa(const GruBackStep<float>& s, long lo, long hi) { gru_backward_rows(s, lo, hi); }           \
  void gru_backward_rows_##isa(const GruBackStep<double>& s, long lo, long hi) { gru_backward_rows(s, lo, hi); }          \
  }
