// Float exp, sigmoid and tanh for the recurrent cells, written as branch-free inline code over plain
// floats and integers so that GCC vectorises the loops that call them, at every instruction set the file
// including this one is compiled for (recurrent_avx512.cc, recurrent_avx2.cc, recurrent_generic.cc).
// Only +, -, *, / and integer bit operations are used, each rounded to float (no FMA contraction:
// -ffp-contract=off), so every instruction set gives the same bits.
//
// Each function takes its argument as an unevaluated sum hi + lo (TwoSum below): a gate's
// pre-activation is the sum of two products, and rounding that sum to float before a sigmoid would
// cost up to |z|/2 ulps of σ(z) for negative z (σ(z) ≈ e^z), more than the approximation itself.
// Measured against double over every float input (bench/recurrent-accuracy.cc): exp 0.99 ulps, sigmoid
// 2.40, tanh 1.33; of a + b for 10^8 random pairs, sigmoid 2.36 and tanh 1.35, where rounding a + b to
// float first costs sigmoid 32 ulps.
#pragma once
#include <cstdint>
#include <cstring>

namespace nnts {
namespace fast {

inline std::uint32_t bits(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

inline float from_bits(std::uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

/**
 * condition ? a : b with bit masks. Written as `?:`, these selects became branches that GCC threaded
 * into each other (a clamped low value need not be tested against the high bound) and then could not
 * turn back into vector blends below AVX-512: the AVX2 and baseline loops stayed scalar.
 */
inline float select(bool condition, float a, float b) {
  const std::uint32_t mask = 0u - std::uint32_t(condition);
  return from_bits((bits(a) & mask) | (bits(b) & ~mask));
}

/** x with its sign flipped where `sign` is negative (its sign bit set): ±0 and NaN included. */
inline float flip_sign(float x, float sign) { return from_bits(bits(x) ^ (bits(sign) & 0x80000000u)); }

/** s + err = a + b exactly (Knuth's TwoSum: no branch on which of a, b is larger). */
inline void two_sum(float a, float b, float& s, float& err) {
  s = a + b;
  const float bb = s - a;
  err = (a - (s - bb)) + (b - bb);
}

/**
 * e^(hi + lo), lo at most an ulp or so of hi (Cephes's expf: n = round(x·log2 e), r = x - n·ln 2 in
 * two parts, e^r by a degree-7 polynomial, times 2^n from exponent bits). hi is clamped to
 * [-104, 88.5]: below, e^x is under half the smallest subnormal; above, 88.5 keeps 2^n·e^r finite, so
 * no input overflows (e^x saturates near 2.7e38, which every caller divides into or adds 1 to). NaN
 * passes both clamps and the result is NaN: a diverged step must stay visible to the finiteness checks.
 */
inline float exp2part(float hi, float lo) {
  hi = select(hi < -104.0f, -104.0f, hi);
  hi = select(hi > 88.5f, 88.5f, hi);
  // Adding 1.5·2^23 rounds to an integer (to nearest, ties to even) in the low mantissa bits of t: no
  // float-to-int conversion, which for NaN would be undefined behaviour.
  const float shifter = 12582912.0f;
  const float t = hi * 1.44269504088896341f + shifter;
  const float n = t - shifter;
  // ln 2 = 0.693359375 - 2.12194440e-4 + ...: n·0.693359375 is exact for |n| < 2^15, so r keeps hi's bits.
  float r = hi - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  r = r + lo;
  const float r2 = r * r;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * r2 + r + 1.0f;
  // 2^n in two normal halves (n in [-150, 128]): the first product is exact, the second rounds once,
  // correctly into the subnormals for e^-88 ... e^-104.
  const std::int32_t k = std::int32_t(bits(t) - bits(shifter));
  const std::int32_t k1 = k >> 1, k2 = k - k1;
  const float scale1 = from_bits(std::uint32_t(k1 + 127) << 23);
  const float scale2 = from_bits(std::uint32_t(k2 + 127) << 23);
  return er * scale1 * scale2;
}

/** σ(hi + lo) = 1 / (1 + e^-x) for x ≥ 0, e^x / (1 + e^x) below: e^-|x| never overflows, and σ(-100) is 3.7e-44. */
inline float sigmoid2part(float hi, float lo) {
  // -|x| as (hi, lo) with both signs flipped when hi > 0.
  const float positive = from_bits(~bits(hi));
  const float e = exp2part(flip_sign(hi, positive), flip_sign(lo, positive));
  return select(hi < 0, e, 1.0f) / (1.0f + e);
}

/**
 * tanh(hi + lo): Cephes's tanhf, an odd polynomial below |x| = 0.625 and 1 - 2/(e^2|x| + 1) above,
 * with the sign put back. Both are computed and one selected, so the loop has no branch.
 */
inline float tanh2part(float hi, float lo) {
  // |x| as (a, b): both signs flipped when hi is negative, put back on the result.
  const float a = flip_sign(hi, hi), b = flip_sign(lo, hi);
  const float z = a * a;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  // tanh'(a) = 1 - a², so b moves the result by b·(1 - a²), folded in before the final rounding.
  const float small = a + ((p * z * a) + (b - b * z));
  const float large = 1.0f - 2.0f / (exp2part(a + a, b + b) + 1.0f);
  return flip_sign(select(a < 0.625f, small, large), hi);
}

inline float sigmoid_sum(float x, float y) {
  float s, err;
  two_sum(x, y, s, err);
  return sigmoid2part(s, err);
}

inline float tanh_sum(float x, float y) {
  float s, err;
  two_sum(x, y, s, err);
  return tanh2part(s, err);
}

}  // namespace fast
}  // namespace nnts
