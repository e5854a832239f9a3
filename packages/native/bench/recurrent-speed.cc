// Times the recurrent cell kernels on a Keras-sized LSTM(128)/GRU(128) step (batch 128, float32),
// against the same LSTM step written with scalar std::exp and std::tanh in double (kernels.h's way),
// and the sequence transpose of a [128, 40, 128] batch. Prints the median of many calls. Links the
// addon's own objects, so build it first (pnpm --filter @nnts/native build:addon), then from
// packages/native:
//   g++ -std=c++17 -O3 -ffp-contract=off -fno-math-errno bench/recurrent-speed.cc $(ls build/Release/obj.target/nnts_native/csrc/*.o | grep -v addon.o) -pthread -o /tmp/recurrent-speed
//   NNTS_THREADS=1 /tmp/recurrent-speed; /tmp/recurrent-speed   (NNTS_NATIVE_ISA=avx2 forces a lower ISA)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "../csrc/gemm.h"
#include "../csrc/kernels.h"
#include "../csrc/recurrent.h"
#include "../csrc/threads.h"

// The GEMM's activation epilogue, which addon.cc (not linked here) defines.
namespace nnts {
void activation_block(int activation, const float* z, float* a, long rows, long cols, long ld, double alpha) {
  activation_block<float>(Activation(activation), z, a, rows, cols, ld, alpha);
}
void activation_block(int activation, const double* z, double* a, long rows, long cols, long ld, double alpha) {
  activation_block<double>(Activation(activation), z, a, rows, cols, ld, alpha);
}
}  // namespace nnts

namespace {

template <class F>
double median_us(F&& f, int runs = 400) {
  std::vector<double> times;
  for (int k = 0; k < runs + 20; ++k) {
    const auto start = std::chrono::steady_clock::now();
    f();
    const auto end = std::chrono::steady_clock::now();
    if (k >= 20) times.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  return times[times.size() / 2];
}

// The step as the other fused kernels would write it: libm in double per element, one thread.
void lstm_scalar(const nnts::LstmStep<float>& s, long rows) {
  const long u = s.units;
  for (long r = 0; r < rows; ++r) {
    for (long j = 0; j < u; ++j) {
      const float* xw = s.xw + r * 4 * u;
      const float* hu = s.hu + r * 4 * u;
      const double i = nnts::sigmoid(double(xw[j]) + hu[j]);
      const double f = nnts::sigmoid(double(xw[u + j]) + hu[u + j]);
      const double g = std::tanh(double(xw[2 * u + j]) + hu[2 * u + j]);
      const double o = nnts::sigmoid(double(xw[3 * u + j]) + hu[3 * u + j]);
      const double cell = f * s.c_prev[r * u + j] + i * g;
      const double t = std::tanh(cell);
      float* gates = s.gates + r * 4 * u;
      gates[j] = float(i), gates[u + j] = float(f), gates[2 * u + j] = float(g), gates[3 * u + j] = float(o);
      s.c[r * u + j] = float(cell), s.tanh_c[r * u + j] = float(t), s.h[r * u + j] = float(o * t);
    }
  }
}

}  // namespace

int main() {
  const long rows = 128, units = 128;
  std::mt19937 random(1);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  auto filled = [&](long n) {
    std::vector<float> v(n);
    for (float& x : v) x = normal(random);
    return v;
  };
  auto xw = filled(rows * 4 * units), hu = filled(rows * 4 * units), c_prev = filled(rows * units), dh = filled(rows * units);
  std::vector<float> gates(rows * 4 * units), c(rows * units), tanh_c(rows * units), h(rows * units), dz(rows * 4 * units);
  std::vector<float> dc = filled(rows * units), dxw(rows * 3 * units), dhu(rows * 3 * units), dh_prev(rows * units);
  const nnts::LstmStep<float> lstm{xw.data(), hu.data(), c_prev.data(), gates.data(), c.data(), tanh_c.data(), h.data(), units};
  const nnts::LstmBackStep<float> back{gates.data(), c_prev.data(), tanh_c.data(), dh.data(), dc.data(), dz.data(), units};
  const nnts::GruStep<float> gru{xw.data(), hu.data(), c_prev.data(), gates.data(), h.data(), units};
  const nnts::GruBackStep<float> gru_back{gates.data(), hu.data(), c_prev.data(), dh.data(), dxw.data(), dhu.data(), dh_prev.data(), units};
  const long outer = 128, inner = 40, width = 128;
  auto sequence = filled(outer * inner * width);
  std::vector<float> swapped(sequence.size());

  std::printf("rows %ld, units %ld, float32, %s, %d thread(s); medians:\n", rows, units, nnts::isa_name(nnts::active_isa()), nnts::pool_threads());
  std::printf("  lstmCell                 %8.2f us\n", median_us([&] { nnts::lstm_cell(lstm, rows); }));
  std::printf("  lstmCellBackward         %8.2f us\n", median_us([&] { nnts::lstm_cell_backward(back, rows); }));
  std::printf("  gruCell                  %8.2f us\n", median_us([&] { nnts::gru_cell(gru, rows); }));
  std::printf("  gruCellBackward          %8.2f us\n", median_us([&] { nnts::gru_cell_backward(gru_back, rows); }));
  std::printf("  lstmCell, scalar std::   %8.2f us (1 thread)\n", median_us([&] { lstm_scalar(lstm, rows); }, 100));
  std::printf("  swapLeadingAxes [%ld, %ld, %ld] %8.2f us\n", outer, inner, width,
              median_us([&] { nnts::swap_leading_axes(sequence.data(), swapped.data(), outer, inner, width); }));
}
