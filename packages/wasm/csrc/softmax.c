// Row-wise softmax and its backward pass fused with cross-entropy's, as src/softmax.ts of
// @nnts/activations and CrossEntropy.backwardThroughSoftmax of @nnts/losses compute them.
#include "element.h"
#include "fdlibm.h"
#include "fdlibm-simd.h"

// e = exp(z - max) is stored (rounded to the type), the sum is of the unrounded e, and each stored
// value is then divided by the sum.
INLINE void softmax_body(const void *z, void *out, int rows, int cols, int f64) {
  for (int r = 0; r < rows; r++) {
    const int start = r * cols;
    double max = -__builtin_inf();
    for (int j = 0; j < cols; j++) max = js_max(max, load(z, start + j, f64));
    // Two exps at a time, added to the sum in index order.
    double sum = 0;
    int j = 0;
    for (; j + 2 <= cols; j += 2) {
      const v128_t e = exp2_lanes(wasm_f64x2_sub(load2(z, start + j, f64), wasm_f64x2_splat(max)));
      store2(out, start + j, e, f64);
      sum += wasm_f64x2_extract_lane(e, 0);
      sum += wasm_f64x2_extract_lane(e, 1);
    }
    for (; j < cols; j++) {
      const double e = fdlibm_exp(load(z, start + j, f64) - max);
      store(out, start + j, e, f64);
      sum += e;
    }
    for (int j = 0; j < cols; j++) store(out, start + j, load(out, start + j, f64) / sum, f64);
  }
}

EXPORT("softmax_rows")
void softmax_rows(const void *z, void *out, int rows, int cols, int f64) {
  if (f64) {
    softmax_body(z, out, rows, cols, 1);
  } else {
    softmax_body(z, out, rows, cols, 0);
  }
}

// dL/dz for p = softmax(z) and the mean cross-entropy with p clipped below at epsilon: the loss
// gradient g = -y / max(p, epsilon) / rows is stored (rounded) in dz first, dot = Σ g·p, then
// dz = p·(g - dot). Targets are class labels (one per row) or rows of probabilities, in their own type.
INLINE void cross_entropy_body(const void *p, const void *target, int labels, void *dz, int rows, int cols, double epsilon, int f64, int target_f64) {
  const double n = rows;
  for (int r = 0; r < rows; r++) {
    const int start = r * cols;
    const double label = labels ? load(target, r, target_f64) : 0;
    double dot = 0;
    for (int k = 0; k < cols; k++) {
      const double y = labels ? (label == k ? 1.0 : 0.0) : load(target, start + k, target_f64);
      const double pk = load(p, start + k, f64);
      store(dz, start + k, -y / js_max(pk, epsilon) / n, f64);
      dot += load(dz, start + k, f64) * pk;
    }
    for (int k = 0; k < cols; k++) store(dz, start + k, load(p, start + k, f64) * (load(dz, start + k, f64) - dot), f64);
  }
}

EXPORT("softmax_cross_entropy_backward")
void softmax_cross_entropy_backward(const void *p, const void *target, int labels, void *dz, int rows, int cols, double epsilon, int f64, int target_f64) {
  if (f64) {
    if (target_f64) cross_entropy_body(p, target, labels, dz, rows, cols, epsilon, 1, 1);
    else cross_entropy_body(p, target, labels, dz, rows, cols, epsilon, 1, 0);
  } else {
    if (target_f64) cross_entropy_body(p, target, labels, dz, rows, cols, epsilon, 0, 1);
    else cross_entropy_body(p, target, labels, dz, rows, cols, epsilon, 0, 0);
  }
}
