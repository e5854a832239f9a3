// What the elementwise kernels share: every kernel takes float32 or float64 arrays (f64 = 0 or 1),
// reads each value as a double, computes in double, and rounds once on store, as the TypeScript loops
// do (JavaScript numbers are doubles; a Float32Array store rounds to nearest even, as f32.demote_f64).
// Each exported kernel calls an always-inlined body with a constant f64, so the compiler emits one
// loop per type without a test per element.
#pragma once

#define EXPORT(name) __attribute__((export_name(name)))
#define INLINE static inline __attribute__((always_inline))

INLINE double load(const void *p, int i, int f64) {
  return f64 ? ((const double *)p)[i] : (double)((const float *)p)[i];
}

INLINE void store(void *p, int i, double v, int f64) {
  if (f64) {
    ((double *)p)[i] = v;
  } else {
    ((float *)p)[i] = (float)v;
  }
}

// Math.max and Math.min: NaN if either is NaN, and +0 above -0 (WebAssembly's f64.max and f64.min).
INLINE double js_max(double a, double b) {
  return __builtin_wasm_max_f64(a, b);
}

INLINE double js_min(double a, double b) {
  return __builtin_wasm_min_f64(a, b);
}
