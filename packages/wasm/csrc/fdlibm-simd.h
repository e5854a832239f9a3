// fdlibm_exp on two doubles at once (f64x2), for the loops that spend their time in exp: the same
// operations in the same order as fdlibm.c's, with selects where the scalar code branches, so each lane
// gets the scalar function's bits. Only the common range runs in lanes; a pair with a value the
// scalar code treats specially (|x| >= 707, where it over- or underflows or scales twice; |x| < 2^-28;
// x = 1; ±∞; NaN) goes through the scalar function, both values.
#pragma once
#include <wasm_simd128.h>
#include "fdlibm.h"

#define LANES_INLINE static inline __attribute__((always_inline))

// Two values of a float32 or float64 array from index i, as doubles, and back (rounded once).
LANES_INLINE v128_t load2(const void *p, int i, int f64) {
  return f64 ? wasm_v128_load((const double *)p + i) : wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero((const float *)p + i));
}

LANES_INLINE void store2(void *p, int i, v128_t v, int f64) {
  if (f64) {
    wasm_v128_store((double *)p + i, v);
  } else {
    wasm_v128_store64_lane((float *)p + i, wasm_f32x4_demote_f64x2_zero(v), 0);
  }
}

LANES_INLINE v128_t exp2_lanes(v128_t x) {
  const v128_t hx = wasm_u64x2_shr(wasm_v128_and(x, wasm_i64x2_const_splat(0x7FFFFFFFFFFFFFFFll)), 32);  // high word of |x|
  const v128_t special = wasm_v128_or(wasm_v128_or(wasm_i64x2_ge(hx, wasm_i64x2_splat(0x40861800)), wasm_i64x2_lt(hx, wasm_i64x2_splat(0x3E300000))),
                                      wasm_f64x2_eq(x, wasm_f64x2_splat(1.0)));
  if (wasm_v128_any_true(special)) return wasm_f64x2_make(fdlibm_exp(wasm_f64x2_extract_lane(x, 0)), fdlibm_exp(wasm_f64x2_extract_lane(x, 1)));
  const v128_t negative = wasm_i64x2_shr(x, 63);
  // k as a double: 0 for |x| <= ln2/2 (then hi = x and lo = 0 below, exactly), ±1 below 1.5·ln2, else
  // INV_LN2·x ± 0.5 truncated toward zero, as the scalar code's (int) conversion.
  const v128_t general = wasm_f64x2_trunc(wasm_f64x2_add(wasm_f64x2_mul(wasm_f64x2_splat(1.44269504088896338700e+00), x), wasm_v128_bitselect(wasm_f64x2_splat(-0.5), wasm_f64x2_splat(0.5), negative)));
  const v128_t unit = wasm_v128_bitselect(wasm_f64x2_splat(-1.0), wasm_f64x2_splat(1.0), negative);
  const v128_t reduced = wasm_i64x2_gt(hx, wasm_i64x2_splat(0x3FD62E42));
  const v128_t near = wasm_i64x2_lt(hx, wasm_i64x2_splat(0x3FF0A2B2));
  const v128_t t = wasm_v128_bitselect(wasm_v128_bitselect(unit, general, near), wasm_f64x2_splat(0.0), reduced);
  const v128_t hi = wasm_f64x2_sub(x, wasm_f64x2_mul(t, wasm_f64x2_splat(6.93147180369123816490e-01)));
  const v128_t lo = wasm_f64x2_mul(t, wasm_f64x2_splat(1.90821492927058770002e-10));
  const v128_t r = wasm_f64x2_sub(hi, lo);
  const v128_t rr = wasm_f64x2_mul(r, r);
  v128_t p = wasm_f64x2_splat(4.13813679705723846039e-08);
  p = wasm_f64x2_add(wasm_f64x2_splat(-1.65339022054652515390e-06), wasm_f64x2_mul(rr, p));
  p = wasm_f64x2_add(wasm_f64x2_splat(6.61375632143793436117e-05), wasm_f64x2_mul(rr, p));
  p = wasm_f64x2_add(wasm_f64x2_splat(-2.77777777770155933842e-03), wasm_f64x2_mul(rr, p));
  p = wasm_f64x2_add(wasm_f64x2_splat(1.66666666666666019037e-01), wasm_f64x2_mul(rr, p));
  const v128_t c = wasm_f64x2_sub(r, wasm_f64x2_mul(rr, p));
  // (r·c)/(2 - c) is exactly -(r·c)/(c - 2): the k = 0 form's quotient, negated.
  const v128_t q = wasm_f64x2_div(wasm_f64x2_mul(r, c), wasm_f64x2_sub(wasm_f64x2_splat(2.0), c));
  const v128_t one = wasm_f64x2_splat(1.0);
  const v128_t at_zero = wasm_f64x2_sub(one, wasm_f64x2_sub(wasm_f64x2_neg(q), r));
  const v128_t y = wasm_f64x2_sub(one, wasm_f64x2_sub(wasm_f64x2_sub(lo, q), hi));
  const v128_t k = wasm_i64x2_extend_low_i32x4(wasm_i32x4_trunc_sat_f64x2_zero(t));
  const v128_t twopk = wasm_i64x2_shl(wasm_i64x2_add(k, wasm_i64x2_splat(1023)), 52);
  return wasm_v128_bitselect(at_zero, wasm_f64x2_mul(y, twopk), wasm_f64x2_eq(t, wasm_f64x2_splat(0.0)));
}
