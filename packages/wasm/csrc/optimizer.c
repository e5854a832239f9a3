// The optimiser updates of @nnts/train (src/optimizers.ts) and the backend's addScaled, written as
// those loops are: each stored value is read back as stored (rounded to the type) before the next
// expression uses it, and every expression keeps the reference's order of operations.
#include "element.h"

INLINE double square_root(double x) {
  return __builtin_sqrt(x);
}

// y += alpha·x: plain SGD's step and Tensor.addScaledInPlace.
INLINE void add_scaled_body(void *y, const void *x, int n, double alpha, int f64) {
  for (int i = 0; i < n; i++) store(y, i, load(y, i, f64) + alpha * load(x, i, f64), f64);
}

EXPORT("add_scaled")
void add_scaled(void *y, const void *x, int n, double alpha, int f64) {
  if (f64) {
    add_scaled_body(y, x, n, alpha, 1);
  } else {
    add_scaled_body(y, x, n, alpha, 0);
  }
}

// v = momentum·v - lr·g, then w += v, or with Nesterov w += momentum·v - lr·g.
INLINE void sgd_momentum_body(void *w, const void *g, void *v, int n, double lr, double momentum, int nesterov, int f64) {
  for (int i = 0; i < n; i++) {
    const double gi = load(g, i, f64);
    store(v, i, momentum * load(v, i, f64) - lr * gi, f64);
    const double vi = load(v, i, f64);
    store(w, i, load(w, i, f64) + (nesterov ? momentum * vi - lr * gi : vi), f64);
  }
}

EXPORT("sgd_momentum")
void sgd_momentum(void *w, const void *g, void *v, int n, double lr, double momentum, int nesterov, int f64) {
  if (f64) {
    sgd_momentum_body(w, g, v, n, lr, momentum, nesterov, 1);
  } else {
    sgd_momentum_body(w, g, v, n, lr, momentum, nesterov, 0);
  }
}

// s = rho·s + (1 - rho)·g², w -= lr·g / (√s + epsilon).
INLINE void rmsprop_body(void *w, const void *g, void *s, int n, double lr, double rho, double epsilon, int f64) {
  for (int i = 0; i < n; i++) {
    const double gi = load(g, i, f64);
    store(s, i, rho * load(s, i, f64) + (1 - rho) * gi * gi, f64);
    store(w, i, load(w, i, f64) - (lr * gi) / (square_root(load(s, i, f64)) + epsilon), f64);
  }
}

EXPORT("rmsprop")
void rmsprop(void *w, const void *g, void *s, int n, double lr, double rho, double epsilon, int f64) {
  if (f64) {
    rmsprop_body(w, g, s, n, lr, rho, epsilon, 1);
  } else {
    rmsprop_body(w, g, s, n, lr, rho, epsilon, 0);
  }
}

// Adam with the bias corrections given; shrink != 1 first applies AdamW's decay w *= shrink, in a pass
// of its own as the reference does (the stored, rounded product is what the update reads).
INLINE void adam_body(void *w, const void *g, void *m, void *v, int n, double lr, double beta1, double beta2, double epsilon, double correction1, double correction2, double shrink, int f64) {
  if (shrink != 1) {
    for (int i = 0; i < n; i++) store(w, i, load(w, i, f64) * shrink, f64);
  }
  for (int i = 0; i < n; i++) {
    const double gi = load(g, i, f64);
    store(m, i, beta1 * load(m, i, f64) + (1 - beta1) * gi, f64);
    store(v, i, beta2 * load(v, i, f64) + (1 - beta2) * gi * gi, f64);
    store(w, i, load(w, i, f64) - (lr * (load(m, i, f64) / correction1)) / (square_root(load(v, i, f64) / correction2) + epsilon), f64);
  }
}

EXPORT("adam")
void adam(void *w, const void *g, void *m, void *v, int n, double lr, double beta1, double beta2, double epsilon, double correction1, double correction2, double shrink, int f64) {
  if (f64) {
    adam_body(w, g, m, v, n, lr, beta1, beta2, epsilon, correction1, correction2, shrink, 1);
  } else {
    adam_body(w, g, m, v, n, lr, beta1, beta2, epsilon, correction1, correction2, shrink, 0);
  }
}
