// The float exp, sigmoid and tanh of csrc/recurrent_math.h against double precision, over every float
// in the range each is used on, and over sums a + b of two random floats (the gates' pre-activations).
// Prints the largest error in float ulps of the exact value (below the smallest normal, in units of
// the smallest subnormal). About three minutes on one core. Build and run from packages/native:
//   g++ -std=c++17 -O3 -ffp-contract=off -fno-math-errno -march=native bench/recurrent-accuracy.cc -o /tmp/accuracy && /tmp/accuracy
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>

#include "../csrc/recurrent_math.h"

namespace {

double ulp_of(double exact) {
  const double a = std::fabs(exact);
  if (a < 0x1p-126) return 0x1p-149;
  int e;
  std::frexp(a, &e);  // a = m·2^e, m in [0.5, 1)
  return std::ldexp(1.0, e - 24);
}

double sigmoid(double x) { return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x)); }

struct Worst {
  const char* name;
  double ulps = 0, at = 0;
  void see(double got, double exact, double x) {
    const double error = std::fabs(got - exact) / ulp_of(exact);
    if (!(error <= ulps)) ulps = error, at = x;
  }
  void print() const { std::printf("%-22s max %.3f ulps (at x = %.9g)\n", name, ulps, at); }
};

}  // namespace

int main() {
  using namespace nnts::fast;
  Worst exp_all{"exp, x in [-87, 88.5]"}, sigmoid_all{"sigmoid, |x| <= 104"}, tanh_all{"tanh, all x"};
  // Every float, both signs: 2^32 bit patterns minus NaNs and infinities.
  for (std::uint64_t u = 0; u < (1ull << 32); ++u) {
    const float x = from_bits(std::uint32_t(u));
    if (!std::isfinite(x)) continue;
    if (x >= -87.0f && x <= 88.5f) exp_all.see(exp2part(x, 0), std::exp(double(x)), x);
    if (std::fabs(x) <= 104.0f) sigmoid_all.see(sigmoid2part(x, 0), sigmoid(x), x);
    tanh_all.see(tanh2part(x, 0), std::tanh(double(x)), x);
  }
  Worst sigmoid_pairs{"sigmoid(a + b)"}, tanh_pairs{"tanh(a + b)"}, sigmoid_rounded{"sigmoid(fl(a + b))"};
  std::mt19937_64 random(1);
  std::uniform_real_distribution<float> wide(-30.0f, 30.0f);
  for (int i = 0; i < 100000000; ++i) {
    const float a = wide(random), b = wide(random) * (i % 2 ? 1.0f : 1e-3f);
    const double x = double(a) + double(b);
    sigmoid_pairs.see(sigmoid_sum(a, b), sigmoid(x), x);
    tanh_pairs.see(tanh_sum(a, b), std::tanh(x), x);
    sigmoid_rounded.see(sigmoid2part(a + b, 0), sigmoid(x), x);
  }
  for (const Worst* w : {&exp_all, &sigmoid_all, &tanh_all, &sigmoid_pairs, &tanh_pairs, &sigmoid_rounded}) w->print();
}
