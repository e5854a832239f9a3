// exp, expm1 and tanh by the algorithms of fdlibm (Sun Microsystems' freely distributable libm), in
// the form V8 runs them for Math.exp, Math.expm1 and Math.tanh (src/base/ieee754.cc): the same
// argument reductions, polynomial coefficients and order of operations, so each returns the bits V8
// returns, not merely a value within an ulp. WebAssembly's f64 arithmetic is IEEE 754 binary64 with
// round-to-nearest and no fused multiply-add, and clang does not reassociate without -ffast-math, so
// the compiled code performs exactly these operations. fdlibm's inexact-flag tricks (huge + x > 1) are
// written as the values they return. src/fdlibm.test.ts checks them against Math on millions of
// inputs and the edge cases.
//
// The algorithms and coefficients are fdlibm's, under this notice:
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================
#include "fdlibm.h"
#include "fdlibm-simd.h"

typedef unsigned int uint32;
typedef unsigned long long uint64;

static inline uint32 high_word(double x) {
  return (uint32)(__builtin_bit_cast(uint64, x) >> 32);
}

static inline uint32 low_word(double x) {
  return (uint32)__builtin_bit_cast(uint64, x);
}

static inline double from_words(uint32 high, uint32 low) {
  return __builtin_bit_cast(double, ((uint64)high << 32) | low);
}

// ln2 split so that k·LN2_HI is exact for |k| < 2^11, and the remainder.
static const double LN2_HI = 6.93147180369123816490e-01;  // 0x3FE62E42 FEE00000
static const double LN2_LO = 1.90821492927058770002e-10;  // 0x3DEA39EF 35793C76
static const double INV_LN2 = 1.44269504088896338700e+00; // 0x3FF71547 652B82FE
static const double OVERFLOW_THRESHOLD = 7.09782712893383973096e+02;  // 0x40862E42 FEFA39EF
static const double TWO_1023 = 8.988465674311579539e307;  // 0x7FE00000 00000000
static const double TWO_M1000 = 9.33263618503218878990e-302;  // 0x01700000 00000000
static const double HUGE = 1.0e300;

// exp(x) = 2^k·exp(r) with x = k·ln2 + r, |r| <= ln2/2, and exp(r) = 1 + r + r·R1(r)/(2 - R1(r)) where
// R1(r) = r - r²·P(r²), P of degree 5 fitted by Remez (error below 2^-59).
double fdlibm_exp(double x) {
  static const double P1 = 1.66666666666666019037e-01;   // 0x3FC55555 5555553E
  static const double P2 = -2.77777777770155933842e-03;  // 0xBF66C16C 16BEBD93
  static const double P3 = 6.61375632143793436117e-05;   // 0x3F11566A AF25DE2C
  static const double P4 = -1.65339022054652515390e-06;  // 0xBEBBBD41 C5D26BF1
  static const double P5 = 4.13813679705723846039e-08;   // 0x3E663769 72BEA4D0
  static const double UNDERFLOW_THRESHOLD = -7.45133219101941108420e+02;  // 0xC0874910 D52D3051
  // V8 returns e itself for exp(1): the reduction below gets its last bit wrong.
  static const double E = 2.718281828459045;  // 0x4005BF0A 8B145769
  const uint32 sign = high_word(x) >> 31;
  const uint32 hx = high_word(x) & 0x7FFFFFFF;
  if (hx >= 0x40862E42) {  // |x| >= 709.78...
    if (hx >= 0x7FF00000) {
      if (((hx & 0xFFFFF) | low_word(x)) != 0) return x + x;  // NaN
      return sign == 0 ? x : 0.0;  // exp(+inf) = inf, exp(-inf) = 0
    }
    if (x > OVERFLOW_THRESHOLD) return HUGE * HUGE;
    if (x < UNDERFLOW_THRESHOLD) return TWO_M1000 * TWO_M1000;
  }
  double hi = 0.0, lo = 0.0;
  int k = 0;
  if (hx > 0x3FD62E42) {  // |x| > ln2/2
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5·ln2: k = ±1
      if (x == 1.0) return E;
      hi = sign ? x + LN2_HI : x - LN2_HI;
      lo = sign ? -LN2_LO : LN2_LO;
      k = sign ? -1 : 1;
    } else {
      k = (int)(INV_LN2 * x + (sign ? -0.5 : 0.5));
      const double t = k;
      hi = x - t * LN2_HI;  // exact
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3E300000) {  // |x| < 2^-28
    return 1.0 + x;
  }
  const double t = x * x;
  const double twopk = k >= -1021 ? from_words(0x3FF00000 + ((uint32)k << 20), 0) : from_words(0x3FF00000 + ((uint32)(k + 1000) << 20), 0);
  const double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * TWO_1023;
    return y * twopk;
  }
  return y * twopk * TWO_M1000;
}

// expm1(x) = exp(x) - 1 without the cancellation near 0: the same reduction x = k·ln2 + r (with a
// correction c for the rounding of r), expm1(r) from a rational form in r²/2 with Q of degree 5
// (error below 2^-61), then scaled back by cases of k that keep the result accurate.
double fdlibm_expm1(double x) {
  // fdlibm's Q_n·2^n, for the argument r²/2.
  static const double Q1 = -3.33333333333331316428e-02;  // 0xBFA11111 111110F4
  static const double Q2 = 1.58730158725481460165e-03;   // 0x3F5A01A0 19FE5585
  static const double Q3 = -7.93650757867487942473e-05;  // 0xBF14CE19 9EAADBB7
  static const double Q4 = 4.00821782732936239552e-06;   // 0x3ED0CFCA 86E65239
  static const double Q5 = -2.01099218183624371326e-07;  // 0xBE8AFDB7 6E09C32D
  const uint32 sign = high_word(x) & 0x80000000;
  const uint32 hx = high_word(x) & 0x7FFFFFFF;
  if (hx >= 0x4043687A) {  // |x| >= 56·ln2
    if (hx >= 0x40862E42) {  // |x| >= 709.78...
      if (hx >= 0x7FF00000) {
        if (((hx & 0xFFFFF) | low_word(x)) != 0) return x + x;  // NaN
        return sign == 0 ? x : -1.0;
      }
      if (x > OVERFLOW_THRESHOLD) return HUGE * HUGE;
    }
    if (sign != 0) return -1.0;  // x < -56·ln2: e^x is below half an ulp of 1
  }
  double hi, lo, c = 0.0;
  int k;
  if (hx > 0x3FD62E42) {  // |x| > ln2/2
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5·ln2
      if (sign == 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (int)(INV_LN2 * x + (sign == 0 ? 0.5 : -0.5));
      const double t = k;
      hi = x - t * LN2_HI;  // exact
      lo = t * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3C900000) {  // |x| < 2^-54: expm1(x) is x
    return x;
  } else {
    k = 0;
  }
  const double hfx = 0.5 * x;
  const double hxs = x * hfx;
  const double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  double t = 3.0 - r1 * hfx;
  double e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  const double twopk = from_words(0x3FF00000 + ((uint32)k << 20), 0);
  e = (x * (e - c) - c);
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1.0 + 2.0 * (x - e);
  }
  if (k <= -2 || k > 56) {  // exp(x) - 1 is accurate enough
    double y = 1.0 - (e - x);
    if (k == 1024) {
      y = y * 2.0 * 8.98846567431158e+307;  // V8's spelling of 2^1023
    } else {
      y = y * twopk;
    }
    return y - 1.0;
  }
  double y;
  if (k < 20) {
    t = from_words(0x3FF00000 - (0x200000 >> k), 0);  // 1 - 2^-k
    y = t - (e - x);
    y = y * twopk;
  } else {
    t = from_words((uint32)(0x3FF - k) << 20, 0);  // 2^-k
    y = x - (e + t);
    y += 1.0;
    y = y * twopk;
  }
  return y;
}

// tanh(x) = -expm1(-2|x|) / (expm1(-2|x|) + 2) for |x| < 1, 1 - 2 / (expm1(2|x|) + 2) for 1 <= |x| < 22,
// and ±1 beyond, with the sign of x; tanh(x) = x below 2^-28.
double fdlibm_tanh(double x) {
  const uint32 jx = high_word(x);
  const uint32 ix = jx & 0x7FFFFFFF;
  const int negative = (jx >> 31) != 0;
  if (ix >= 0x7FF00000) return negative ? 1.0 / x - 1.0 : 1.0 / x + 1.0;  // ±1, or NaN
  double z;
  if (ix < 0x40360000) {  // |x| < 22
    if (ix < 0x3E300000) return x;  // |x| < 2^-28
    const double ax = __builtin_fabs(x);
    if (ix >= 0x3FF00000) {  // |x| >= 1
      const double t = fdlibm_expm1(2.0 * ax);
      z = 1.0 - 2.0 / (t + 2.0);
    } else {
      const double t = fdlibm_expm1(-2.0 * ax);
      z = -t / (t + 2.0);
    }
  } else {
    z = 1.0;  // 1 - tiny rounds to 1
  }
  return negative ? -z : z;
}

// For the tests: out[i] = f(x[i]) for f = exp (0), expm1 (1), tanh (2), or exp two lanes at a time
// (3, fdlibm-simd.h), in float64.
__attribute__((export_name("fdlibm_f64")))
void fdlibm_f64(int function, const double *x, double *out, int n) {
  int i = 0;
  if (function == 3) {
    for (; i + 2 <= n; i += 2) store2(out, i, exp2_lanes(load2(x, i, 1)), 1);
    function = 0;
  }
  for (; i < n; i++) out[i] = function == 0 ? fdlibm_exp(x[i]) : function == 1 ? fdlibm_expm1(x[i]) : fdlibm_tanh(x[i]);
}
