// σ(z) as @nnts/activations' sigmoid() computes it, for the kernels outside activation.c that take it
// (the recurrent cells): e^z / (1 + e^z) for negative z, so that e^-z never overflows. One value, and
// two at once from one two-lane exp (fdlibm-simd.h), both with the bits of the TypeScript function.
#pragma once
#include "element.h"
#include "fdlibm.h"
#include "fdlibm-simd.h"

INLINE double sigmoid_of(double z) {
  if (z >= 0) return 1 / (1 + fdlibm_exp(-z));
  const double e = fdlibm_exp(z);
  return e / (1 + e);
}

// Both branches take the exp of -|z|: 1 / (1 + e) for z >= 0, e / (1 + e) below.
INLINE v128_t sigmoid_lanes(v128_t z) {
  const v128_t e = exp2_lanes(wasm_f64x2_neg(wasm_f64x2_abs(z)));
  const v128_t one = wasm_f64x2_splat(1.0);
  const v128_t denominator = wasm_f64x2_add(one, e);
  return wasm_v128_bitselect(wasm_f64x2_div(one, denominator), wasm_f64x2_div(e, denominator), wasm_f64x2_ge(z, wasm_f64x2_splat(0.0)));
}

// Math.tanh of each lane: V8's tanh (fdlibm_tanh) lane by lane; the kernels that need it have no
// two-lane form of expm1.
INLINE v128_t tanh_lanes(v128_t x) {
  return wasm_f64x2_make(fdlibm_tanh(wasm_f64x2_extract_lane(x, 0)), fdlibm_tanh(wasm_f64x2_extract_lane(x, 1)));
}
