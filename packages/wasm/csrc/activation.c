// The elementwise activations of @nnts/activations, value and slope, as the TypeScript classes
// compute them (the `value` and `slope` methods of relu.ts, leaky-relu.ts, elu.ts, sigmoid.ts,
// tanh.ts, linear.ts), with V8's exp, expm1 and tanh: the same bits for float32 and float64.
#include "element.h"
#include "fdlibm.h"

// Codes shared with src/elementwise-kernels.ts (and the native addon's).
enum { LINEAR = 0, RELU = 1, LEAKY_RELU = 2, ELU = 3, SIGMOID = 4, TANH = 5 };

// sigmoid.ts: e^z / (1 + e^z) for negative z, so that e^-z never overflows.
INLINE double sigmoid(double z) {
  if (z >= 0) return 1 / (1 + fdlibm_exp(-z));
  const double e = fdlibm_exp(z);
  return e / (1 + e);
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
    case SIGMOID:
      for (int i = 0; i < n; i++) store(a, i, sigmoid(load(z, i, f64)), f64);
      break;
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
      for (int i = 0; i < n; i++) {
        const double v = load(z, i, f64);
        store(dz, i, load(g, i, f64) * (v > 0 ? 1.0 : alpha * fdlibm_exp(v)), f64);
      }
      break;
    case SIGMOID:
      for (int i = 0; i < n; i++) {
        const double v = load(z, i, f64);
        store(dz, i, load(g, i, f64) * (sigmoid(v) * sigmoid(-v)), f64);
      }
      break;
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
