// recurrent.h's kernels: the instruction set's row loops (recurrent_kernel.h) split across the pool's
// threads, the float64 forward steps with std::exp and std::tanh, and the sequence transpose.
#include "recurrent.h"

#include <cmath>
#include <cstring>

#include "gemm.h"
#include "kernels.h"
#include "threads.h"

namespace nnts {

namespace {

// A step's work is estimated in fifths of a nanosecond on one core (below: 16 a unit for a float32
// forward step, about 3 ns; 4 for a backward one; 100 with libm in double), and the pool's threads
// join from 1.6 µs, about what waking one costs. Measured, two threads then pay from 4 rows of 128
// units forward and 16 backward.
constexpr long kParallelWork = 1L << 13;
// A copy is bound by memory: a second thread helps only once the arrays outgrow the caches.
constexpr long kSwapParallel = 1L << 18;

// Runs rows(step, lo, hi) of the active instruction set over shares of [0, rows).
template <class Step, class Rows>
void run_rows(const Step& step, long rows, long work_per_row, Rows avx512, Rows avx2, Rows generic) {
  const Isa isa = active_isa();
  const Rows kernel = isa == Isa::avx512 ? avx512 : isa == Isa::avx2 ? avx2 : generic;
  parallel_for(rows, rows * work_per_row, kParallelWork, [&](long lo, long hi) { kernel(step, lo, hi); });
}

// The TypeScript loop's formulas, in its order, in double: nnts::sigmoid is @nnts/activations' sigmoid.
void lstm_rows_double(const LstmStep<double>& s, long lo, long hi) {
  const long u = s.units;
  for (long r = lo; r < hi; ++r) {
    const double* xw = s.xw + r * 4 * u;
    const double* hu = s.hu + r * 4 * u;
    double* gates = s.gates + r * 4 * u;
    for (long j = 0; j < u; ++j) {
      const double i = sigmoid(xw[j] + hu[j]);
      const double f = sigmoid(xw[u + j] + hu[u + j]);
      const double g = std::tanh(xw[2 * u + j] + hu[2 * u + j]);
      const double o = sigmoid(xw[3 * u + j] + hu[3 * u + j]);
      const double cell = f * s.c_prev[r * u + j] + i * g;
      const double t = std::tanh(cell);
      gates[j] = i;
      gates[u + j] = f;
      gates[2 * u + j] = g;
      gates[3 * u + j] = o;
      s.c[r * u + j] = cell;
      s.tanh_c[r * u + j] = t;
      s.h[r * u + j] = o * t;
    }
  }
}

void gru_rows_double(const GruStep<double>& s, long lo, long hi) {
  const long u = s.units;
  for (long r = lo; r < hi; ++r) {
    const double* xw = s.xw + r * 3 * u;
    const double* hu = s.hu + r * 3 * u;
    double* gates = s.gates + r * 3 * u;
    for (long j = 0; j < u; ++j) {
      const double z = sigmoid(xw[j] + hu[j]);
      const double reset = sigmoid(xw[u + j] + hu[u + j]);
      const double n = std::tanh(xw[2 * u + j] + reset * hu[2 * u + j]);
      gates[j] = z;
      gates[u + j] = reset;
      gates[2 * u + j] = n;
      s.h[r * u + j] = z * s.h_prev[r * u + j] + (1 - z) * n;
    }
  }
}

}  // namespace

void lstm_cell(const LstmStep<float>& step, long rows) {
  run_rows(step, rows, 16 * step.units, lstm_rows_avx512, lstm_rows_avx2, lstm_rows_generic);
}
void lstm_cell(const LstmStep<double>& step, long rows) {
  parallel_for(rows, rows * 100 * step.units, kParallelWork, [&](long lo, long hi) { lstm_rows_double(step, lo, hi); });
}
void gru_cell(const GruStep<float>& step, long rows) {
  run_rows(step, rows, 12 * step.units, gru_rows_avx512, gru_rows_avx2, gru_rows_generic);
}
void gru_cell(const GruStep<double>& step, long rows) {
  parallel_for(rows, rows * 60 * step.units, kParallelWork, [&](long lo, long hi) { gru_rows_double(step, lo, hi); });
}

template <typename T>
void lstm_backward(const LstmBackStep<T>& step, long rows) {
  using Rows = void (*)(const LstmBackStep<T>&, long, long);
  run_rows(step, rows, 4 * step.units, Rows(lstm_backward_rows_avx512), Rows(lstm_backward_rows_avx2), Rows(lstm_backward_rows_generic));
}
void lstm_cell_backward(const LstmBackStep<float>& step, long rows) { lstm_backward(step, rows); }
void lstm_cell_backward(const LstmBackStep<double>& step, long rows) { lstm_backward(step, rows); }

template <typename T>
void gru_backward(const GruBackStep<T>& step, long rows) {
  using Rows = void (*)(const GruBackStep<T>&, long, long);
  run_rows(step, rows, 4 * step.units, Rows(gru_backward_rows_avx512), Rows(gru_backward_rows_avx2), Rows(gru_backward_rows_generic));
}
void gru_cell_backward(const GruBackStep<float>& step, long rows) { gru_backward(step, rows); }
void gru_cell_backward(const GruBackStep<double>& step, long rows) { gru_backward(step, rows); }

template <typename T>
void swap(const T* x, T* out, long outer, long inner, long width) {
  // Split over out's rows, so each thread writes one contiguous range and reads `outer` runs of x.
  parallel_for(inner, outer * inner * width, kSwapParallel, [&](long lo, long hi) {
    for (long i = lo; i < hi; ++i)
      for (long o = 0; o < outer; ++o) std::memcpy(out + (i * outer + o) * width, x + (o * inner + i) * width, sizeof(T) * width);
  });
}
void swap_leading_axes(const float* x, float* out, long outer, long inner, long width) { swap(x, out, outer, inner, width); }
void swap_leading_axes(const double* x, double* out, long outer, long inner, long width) { swap(x, out, outer, inner, width); }

}  // namespace nnts
