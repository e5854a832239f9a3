// The elementwise activations of @nnts/activations, value and slope, as the TypeScript classes
// compute them (the `value` and `slope` methods of relu.ts, leaky-relu.ts, elu.ts, sigmoid.ts,
// tanh.ts, linear.ts), with V8's exp, expm1 and tanh: the same bits for float32 and float64.
#include "element.h"
#include "fdlibm.h"
#include "fdlibm-simd.h"

// Codes shared with src/elementwise-kernels.ts (and the native addon's).
enum { LINEAR = 0, RELU = 1, LEAKY_RELU = 2, ELU = 3, SIGMOID = 4, TANH = 5 };

// sigmoid.ts: e^z / (1 + e^z) for negative z, so that e^-z never overflows.
INLINE double sigmoid(double z) {
  if (z >= 0) return 1 / (1 + fdlibm_exp(-z));
  const double e = fdlibm_exp(z);
  return e / (1 + e);
}

// Two sigmoids from one exp: σ(z) = 1 / (1 + e) for z >= 0 and e / (1 + e) below, with e = e^-|z| in
// both cases, which is what sigmoid() takes the exp of. `mirrored` gives σ(-z) from the same e.
INLINE v128_t sigmoid2(v128_t z, v128_t e, int mirrored) {
  const v128_t one = wasm_f64x2_splat(1.0);
  const v128_t denominator = wasm_f64x2_add(one, e);
  const v128_t positive = wasm_f64x2_ge(mirrored ? wasm_f64x2_neg(z) : z, wasm_f64x2_splat(0.0));
  return wasm_v128_bitselect(wasm_f64x2_div(one, denominator), wasm_f64x2_div(e, denominator), positive);
}

INLINE v128_t exp_of_minus_abs(v128_t z) {
  return exp2_lanes(wasm_f64x2_neg(wasm_f64x2_abs(z)));
}

INLINE void forward(int code, const void *z, void *a, int n, double alpha, int f64) {
  switch (code) {
    case LINEAR:
      for (int i = 0; i < n; i++) store(a, i, load(z, i, f64), f64);
      break;
    case RELU:
      for (int i = 0; i < n; i++) {
        const double v = load(z, i, f64);
        store(a, i, v > 0 ? v : 0, f64);
      }
      break;
    case LEAKY_RELU:
      for (int i = 0; i < n; i++) {
        const double v = load(z, i, f64);
        store(a, i, v > 0 ? v : alpha * v, f64);
      }
      break;
    case ELU:
      for (int i = 0; i < n; i++) {
        const double v = load(z, i, f64);
        store(a, i, v > 0 ? v : alpha * fdlibm_expm1(v), f64);
      }
      break;
    case SIGMOID: {
      int i = 0;
      for (; i + 2 <= n; i += 2) {
        const v128_t v = load2(z, i, f64);
        store2(a, i, sigmoid2(v, exp_of_minus_abs(v), 0), f64);
      }
      for (; i < n; i++) store(a, i, sigmoid(load(z, i, f64)), f64);
      break;
    }
    case TANH:
      for (int i = 0; i < n; i++) store(a, i, fdlibm_tanh(load(z, i, f64)), f64);
      break;
  }
}

// dz = g·f'(z), f' as each class's `slope` (tanh's from a = f(z)).
INLINE void backward(int code, const void *g, const void *z, const void *a, void *dz, int n, double alpha, int f64) {
  switch (code) {
    case LINEAR:
      for (int i = 0; i < n; i++) store(dz, i, load(g, i, f64) * 1.0, f64);
      break;
    case RELU:
      for (int i = 0; i < n; i++) store(dz, i, load(g, i, f64) * (load(z, i, f64) > 0 ? 1.0 : 0.0), f64);
      break;
    case LEAKY_RELU:
      for (int i = 0; i < n; i++) store(dz, i, load(g, i, f64) * (load(z, i, f64) > 0 ? 1.0 : alpha), f64);
      break;
    case ELU:
      // Scalar: the branch skips exp where z > 0 (half the values), which two lanes cannot.
      for (int i = 0; i < n; i++) {
        const double v = load(z, i, f64);
        store(dz, i, load(g, i, f64) * (v > 0 ? 1.0 : alpha * fdlibm_exp(v)), f64);
      }
      break;
    case SIGMOID: {
      // σ(z) and σ(-z) take the exp of the same -|z|: one exp per value instead of two.
      int i = 0;
      for (; i + 2 <= n; i += 2) {
        const v128_t v = load2(z, i, f64);
        const v128_t e = exp_of_minus_abs(v);
        store2(dz, i, wasm_f64x2_mul(load2(g, i, f64), wasm_f64x2_mul(sigmoid2(v, e, 0), sigmoid2(v, e, 1))), f64);
      }
      for (; i < n; i++) {
        const double v = load(z, i, f64);
        store(dz, i, load(g, i, f64) * (sigmoid(v) * sigmoid(-v)), f64);
      }
      break;
    }
    case TANH:
      for (int i = 0; i < n; i++) {
        const double v = load(a, i, f64);
        store(dz, i, load(g, i, f64) * (1 - v * v), f64);
      }
      break;
  }
}

EXPORT("activation_forward")
void activation_forward(int code, const void *z, void *a, int n, double alpha, int f64) {
  if (f64) {
    forward(code, z, a, n, alpha, 1);
  } else {
    forward(code, z, a, n, alpha, 0);
  }
}

EXPORT("activation_backward")
void activation_backward(int code, const void *g, const void *z, const void *a, void *dz, int n, double alpha, int f64) {
  if (f64) {
    backward(code, g, z, a, dz, n, alpha, 1);
  } else {
    backward(code, g, z, a, dz, n, alpha, 0);
  }
}
