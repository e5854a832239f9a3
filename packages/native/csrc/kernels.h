// The fused kernels a training step repeats. Each computes in double and rounds once on store, the
// way the TypeScript reference does (JavaScript numbers are doubles), so for float32 and float64 data
// the results are bit-identical to the TypeScript backend's; only the GEMM's summation order differs.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

// The elementwise loops are compiled three times, for AVX-512, AVX2 and the x86-64 baseline, and the
// loader picks one by CPU (GCC's function multiversioning). The choice cannot change a result: there is
// no FMA contraction (-ffp-contract=off), and +, *, /, sqrt round correctly at any vector width.
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define NNTS_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NNTS_CLONES
#endif

namespace nnts {

// Codes shared with src/kernels.ts.
enum class Activation { linear = 0, relu = 1, leaky_relu = 2, elu = 3, sigmoid = 4, tanh = 5 };

inline double sigmoid(double z) {
  if (z >= 0) return 1 / (1 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1 + e);
}

template <typename T>
NNTS_CLONES void activation_forward(Activation kind, const T* z, T* a, std::size_t n, double alpha) {
  switch (kind) {
    case Activation::linear:
      for (std::size_t i = 0; i < n; ++i) a[i] = z[i];
      break;
    case Activation::relu:
      for (std::size_t i = 0; i < n; ++i) a[i] = z[i] > 0 ? z[i] : T(0);
      break;
    case Activation::leaky_relu:
      // A select of the slope, not a branch: signs are random, and a mispredicted branch per element
      // made this loop fifty times slower than relu's. v * 1.0 is v exactly, so values are unchanged.
      for (std::size_t i = 0; i < n; ++i) {
        const double slope = z[i] > 0 ? 1.0 : alpha;
        a[i] = static_cast<T>(double(z[i]) * slope);
      }
      break;
    case Activation::elu:
      for (std::size_t i = 0; i < n; ++i) a[i] = z[i] > 0 ? z[i] : static_cast<T>(alpha * std::expm1(double(z[i])));
      break;
    case Activation::sigmoid:
      for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<T>(sigmoid(z[i]));
      break;
    case Activation::tanh:
      for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<T>(std::tanh(double(z[i])));
      break;
  }
}

// The same for a block of rows of a wider matrix (row stride ld): the GEMM epilogue. A block of whole
// rows is one call: a convolution's rows can be 6 values wide, and a call per row cost five times the work.
template <typename T>
void activation_block(Activation kind, const T* z, T* a, long rows, long cols, long ld, double alpha) {
  if (cols == ld) {
    activation_forward<T>(kind, z, a, std::size_t(rows * cols), alpha);
    return;
  }
  for (long r = 0; r < rows; ++r) activation_forward<T>(kind, z + r * ld, a + r * ld, std::size_t(cols), alpha);
}

// dz = g * f'(z), with f'(z) from z (or from a = f(z) for tanh), the slopes of the TypeScript classes.
template <typename T>
NNTS_CLONES void activation_backward(Activation kind, const T* g, const T* z, const T* a, T* dz, std::size_t n, double alpha) {
  switch (kind) {
    case Activation::linear:
      for (std::size_t i = 0; i < n; ++i) dz[i] = g[i];
      break;
    case Activation::relu:
      // The slope as a select, as leaky_relu's: written inline in the product, GCC compiled a branch
      // per element, and random signs made this loop fifty times slower than the forward pass. A product
      // with 1 or 0 is exact (±0, or NaN from ∞ or NaN) in T as in double: no widening needed.
      for (std::size_t i = 0; i < n; ++i) {
        const T slope = z[i] > 0 ? T(1) : T(0);
        dz[i] = g[i] * slope;
      }
      break;
    case Activation::leaky_relu:
      for (std::size_t i = 0; i < n; ++i) {
        const double slope = z[i] > 0 ? 1.0 : alpha;
        dz[i] = static_cast<T>(double(g[i]) * slope);
      }
      break;
    case Activation::elu:
      for (std::size_t i = 0; i < n; ++i) dz[i] = static_cast<T>(double(g[i]) * (z[i] > 0 ? 1.0 : alpha * std::exp(double(z[i]))));
      break;
    case Activation::sigmoid:
      for (std::size_t i = 0; i < n; ++i) dz[i] = static_cast<T>(double(g[i]) * (sigmoid(z[i]) * sigmoid(-double(z[i]))));
      break;
    case Activation::tanh:
      for (std::size_t i = 0; i < n; ++i) dz[i] = static_cast<T>(double(g[i]) * (1 - double(a[i]) * double(a[i])));
      break;
  }
}

// Row-wise softmax, as src/softmax.ts of the activations package computes it: e = exp(z - max) is
// stored (rounded), the sum is of the unrounded e, and each stored value is divided by it.
template <typename T>
void softmax(const T* z, T* y, std::size_t rows, std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r) {
    const T* x = z + r * cols;
    T* out = y + r * cols;
    double max = -INFINITY;
    for (std::size_t j = 0; j < cols; ++j) max = std::fmax(max, double(x[j]));
    double sum = 0;
    for (std::size_t j = 0; j < cols; ++j) {
      const double e = std::exp(double(x[j]) - max);
      out[j] = static_cast<T>(e);
      sum += e;
    }
    for (std::size_t j = 0; j < cols; ++j) out[j] = static_cast<T>(double(out[j]) / sum);
  }
}

// dL/dz for p = softmax(z) followed by mean cross-entropy, with p clipped below at epsilon inside the
// loss: the chain softmax.backward(crossEntropy.backward(y, p)) in one pass. `target` holds class
// labels (labels = true) or rows of one-hot/soft targets.
template <typename T>
void softmax_cross_entropy_backward(const T* p, const T* target, bool labels, T* dz, std::size_t rows, std::size_t cols,
                                    double epsilon) {
  const double n = double(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const T* pr = p + r * cols;
    T* out = dz + r * cols;
    const long label = labels ? long(target[r]) : -1;
    // g_j = -y_j / max(p_j, eps) / n is rounded to T where the reference stores it; dot = Σ g_j p_j.
    double dot = 0;
    for (std::size_t j = 0; j < cols; ++j) {
      const double y = labels ? (long(j) == label ? 1.0 : 0.0) : double(target[r * cols + j]);
      const double g = double(static_cast<T>(-y / std::fmax(double(pr[j]), epsilon) / n));
      dot += g * double(pr[j]);
    }
    for (std::size_t j = 0; j < cols; ++j) {
      const double y = labels ? (long(j) == label ? 1.0 : 0.0) : double(target[r * cols + j]);
      const double g = double(static_cast<T>(-y / std::fmax(double(pr[j]), epsilon) / n));
      out[j] = static_cast<T>(double(pr[j]) * (g - dot));
    }
  }
}

// Columns [0, N) of `length` rows `inner` apart, each summed down the rows in double in row order.
// With N fixed at compile time the sums stay in registers instead of a round trip through memory per
// value: a bias gradient sums tens of thousands of rows a few channels wide.
template <int N, typename T>
void sum_columns(const T* x, T* out, long length, long inner) {
  double acc[N] = {};
  for (long j = 0; j < length; ++j) {
    const T* row = x + j * inner;
#pragma GCC unroll 8
    for (int i = 0; i < N; ++i) acc[i] += double(row[i]);
  }
  for (int i = 0; i < N; ++i) out[i] = static_cast<T>(acc[i]);
}

// Sums the middle axis of x viewed as [outer, length, inner] in double, in index order: the
// TypeScript reference's order, so the bits are its bits.
template <typename T>
void reduce_sum(const T* x, T* out, long outer, long length, long inner) {
  for (long o = 0; o < outer; ++o) {
    const T* base = x + o * length * inner;
    T* sums = out + o * inner;
    if (inner <= 32) {
      for (long i = 0; i < inner; i += 8) {
        switch (inner - i < 8 ? inner - i : 8) {
          case 1: sum_columns<1>(base + i, sums + i, length, inner); break;
          case 2: sum_columns<2>(base + i, sums + i, length, inner); break;
          case 3: sum_columns<3>(base + i, sums + i, length, inner); break;
          case 4: sum_columns<4>(base + i, sums + i, length, inner); break;
          case 5: sum_columns<5>(base + i, sums + i, length, inner); break;
          case 6: sum_columns<6>(base + i, sums + i, length, inner); break;
          case 7: sum_columns<7>(base + i, sums + i, length, inner); break;
          default: sum_columns<8>(base + i, sums + i, length, inner);
        }
      }
      continue;
    }
    thread_local std::vector<double> acc;
    acc.assign(inner, 0.0);
    for (long j = 0; j < length; ++j) {
      const T* row = base + j * inner;
      for (long i = 0; i < inner; ++i) acc[i] += row[i];
    }
    for (long i = 0; i < inner; ++i) sums[i] = static_cast<T>(acc[i]);
  }
}

// xoshiro128** (Blackman and Vigna, 2018), the tensor package's RandomGenerator word for word: `state`
// holds its four 32-bit words (as int32) and is advanced in place, so the stream continues where n
// calls of nextUint32 would have left it. One draw depends on the last: this loop stays serial.
inline void random_bits(std::int32_t* state, std::uint32_t* out, std::size_t n) {
  const auto rotl = [](std::uint32_t x, int k) { return (x << k) | (x >> (32 - k)); };
  std::uint32_t s0 = std::uint32_t(state[0]), s1 = std::uint32_t(state[1]), s2 = std::uint32_t(state[2]), s3 = std::uint32_t(state[3]);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = rotl(s1 * 5, 7) * 9;
    const std::uint32_t t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
  }
  state[0] = std::int32_t(s0);
  state[1] = std::int32_t(s1);
  state[2] = std::int32_t(s2);
  state[3] = std::int32_t(s3);
}

// Inverted dropout applied from its draws: out = x * (bits < threshold ? 0 : keep), `keep` already
// rounded to T as a stored mask value is: the Dropout layer's TypeScript loop, value for value.
template <typename T>
NNTS_CLONES void dropout_apply(const std::uint32_t* bits, double threshold, T keep, const T* x, T* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const T mask = double(bits[i]) < threshold ? T(0) : keep;
    out[i] = static_cast<T>(double(x[i]) * double(mask));
  }
}

// A value is NaN or infinite exactly when its exponent bits are all ones. Testing the bits (OR-ing
// a per-element flag) vectorises; a floating-point accumulation would not, without -ffast-math.
NNTS_CLONES inline bool all_finite(const float* x, std::size_t n) {
  const std::uint32_t* bits = reinterpret_cast<const std::uint32_t*>(x);
  std::uint32_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad |= ((bits[i] & 0x7f800000u) == 0x7f800000u);
  return bad == 0;
}

NNTS_CLONES inline bool all_finite(const double* x, std::size_t n) {
  const std::uint64_t* bits = reinterpret_cast<const std::uint64_t*>(x);
  std::uint64_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad |= ((bits[i] & 0x7ff0000000000000ull) == 0x7ff0000000000000ull);
  return bad == 0;
}

// out row r = x row indices[r]; indices were checked by the caller against the row count.
template <typename T>
void gather_rows(const T* x, const std::int32_t* indices, T* out, std::size_t count, std::size_t width) {
  for (std::size_t r = 0; r < count; ++r) std::memcpy(out + r * width, x + std::size_t(indices[r]) * width, width * sizeof(T));
}

template <typename T>
NNTS_CLONES void sgd(T* __restrict w, const T* __restrict g, std::size_t n, double lr) {
  for (std::size_t i = 0; i < n; ++i) w[i] = static_cast<T>(double(w[i]) - lr * double(g[i]));
}

template <typename T>
NNTS_CLONES void sgd_momentum(T* __restrict w, const T* __restrict g, T* __restrict v, std::size_t n, double lr, double momentum, bool nesterov) {
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<T>(momentum * double(v[i]) - lr * double(g[i]));
    const double step = nesterov ? momentum * double(v[i]) - lr * double(g[i]) : double(v[i]);
    w[i] = static_cast<T>(double(w[i]) + step);
  }
}

template <typename T>
NNTS_CLONES void rmsprop(T* __restrict w, const T* __restrict g, T* __restrict s, std::size_t n, double lr, double rho, double epsilon) {
  for (std::size_t i = 0; i < n; ++i) {
    const double gi = g[i];
    s[i] = static_cast<T>(rho * double(s[i]) + (1 - rho) * gi * gi);
    w[i] = static_cast<T>(double(w[i]) - (lr * gi) / (std::sqrt(double(s[i])) + epsilon));
  }
}

// Adam as the TypeScript reference writes it; shrink != 1 applies AdamW's decoupled decay first.
template <typename T>
NNTS_CLONES void adam(T* __restrict w, const T* __restrict g, T* __restrict m, T* __restrict v, std::size_t n, double lr, double beta1, double beta2, double epsilon,
          double correction1, double correction2, double shrink) {
  if (shrink != 1)
    for (std::size_t i = 0; i < n; ++i) w[i] = static_cast<T>(double(w[i]) * shrink);
  for (std::size_t i = 0; i < n; ++i) {
    const double gi = g[i];
    m[i] = static_cast<T>(beta1 * double(m[i]) + (1 - beta1) * gi);
    v[i] = static_cast<T>(beta2 * double(v[i]) + (1 - beta2) * gi * gi);
    w[i] = static_cast<T>(double(w[i]) - (lr * (double(m[i]) / correction1)) / (std::sqrt(double(v[i]) / correction2) + epsilon));
  }
}

}  // namespace nnts
