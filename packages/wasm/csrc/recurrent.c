// The recurrent layers' step kernels (packages/layers/src/recurrent/cells.ts: lstmCell, gruCell and
// their backward passes) as those TypeScript loops compute them: every value read as a double, the
// gates, the cell and their gradients kept in double within a step (the loop's locals) and rounded
// only where the loop stores them, the operations in the loop's order, σ and tanh with V8's bits. Two
// units at a time in f64x2 lanes (the same operations per lane), the odd unit at the end alone.
#include "element.h"
#include "sigmoid.h"

// Two-lane reads, writes and arithmetic, named for the loops below.
#define ADD(a, b) wasm_f64x2_add(a, b)
#define SUB(a, b) wasm_f64x2_sub(a, b)
#define MUL(a, b) wasm_f64x2_mul(a, b)
#define ONE wasm_f64x2_splat(1.0)

// One LSTM step: z = xw + hu over the gates i, f, c, o (4·units columns a row); i, f, o = σ(z),
// g = tanh(z_c), cell = f·cPrev + i·g, h = o·tanh(cell), tanh taken of the cell before its rounding.
INLINE void lstm_forward(const void *xw, const void *hu, const void *c_prev, void *gates, void *c, void *tanh_c, void *h, int rows, int units, int f64) {
  const int width = 4 * units;
  for (int r = 0; r < rows; r++) {
    const int zr = r * width;
    const int sr = r * units;
    int j = 0;
    for (; j + 2 <= units; j += 2) {
      const int zi = zr + j, zf = zi + units, zg = zf + units, zo = zg + units, s = sr + j;
      const v128_t i = sigmoid_lanes(ADD(load2(xw, zi, f64), load2(hu, zi, f64)));
      const v128_t f = sigmoid_lanes(ADD(load2(xw, zf, f64), load2(hu, zf, f64)));
      const v128_t g = tanh_lanes(ADD(load2(xw, zg, f64), load2(hu, zg, f64)));
      const v128_t o = sigmoid_lanes(ADD(load2(xw, zo, f64), load2(hu, zo, f64)));
      const v128_t cell = ADD(MUL(f, load2(c_prev, s, f64)), MUL(i, g));
      const v128_t t = tanh_lanes(cell);
      store2(gates, zi, i, f64);
      store2(gates, zf, f, f64);
      store2(gates, zg, g, f64);
      store2(gates, zo, o, f64);
      store2(c, s, cell, f64);
      store2(tanh_c, s, t, f64);
      store2(h, s, MUL(o, t), f64);
    }
    for (; j < units; j++) {
      const int zi = zr + j, zf = zi + units, zg = zf + units, zo = zg + units, s = sr + j;
      const double i = sigmoid_of(load(xw, zi, f64) + load(hu, zi, f64));
      const double f = sigmoid_of(load(xw, zf, f64) + load(hu, zf, f64));
      const double g = fdlibm_tanh(load(xw, zg, f64) + load(hu, zg, f64));
      const double o = sigmoid_of(load(xw, zo, f64) + load(hu, zo, f64));
      const double cell = f * load(c_prev, s, f64) + i * g;
      const double t = fdlibm_tanh(cell);
      store(gates, zi, i, f64);
      store(gates, zf, f, f64);
      store(gates, zg, g, f64);
      store(gates, zo, o, f64);
      store(c, s, cell, f64);
      store(tanh_c, s, t, f64);
      store(h, s, o * t, f64);
    }
  }
}

// Back through one LSTM step: gradC = dc + dh·o·(1 - t²); dz = the gates' pre-activation gradients;
// dc = gradC·f, written over dc (each element is read before it is written).
INLINE void lstm_backward(const void *gates, const void *c_prev, const void *tanh_c, const void *dh, void *dc, void *dz, int rows, int units, int f64) {
  const int width = 4 * units;
  for (int r = 0; r < rows; r++) {
    const int zr = r * width;
    const int sr = r * units;
    int j = 0;
    for (; j + 2 <= units; j += 2) {
      const int zi = zr + j, zf = zi + units, zg = zf + units, zo = zg + units, s = sr + j;
      const v128_t i = load2(gates, zi, f64), f = load2(gates, zf, f64), g = load2(gates, zg, f64), o = load2(gates, zo, f64);
      const v128_t t = load2(tanh_c, s, f64);
      const v128_t grad_h = load2(dh, s, f64);
      const v128_t grad_c = ADD(load2(dc, s, f64), MUL(MUL(grad_h, o), SUB(ONE, MUL(t, t))));
      store2(dz, zi, MUL(MUL(MUL(grad_c, g), i), SUB(ONE, i)), f64);
      store2(dz, zf, MUL(MUL(MUL(grad_c, load2(c_prev, s, f64)), f), SUB(ONE, f)), f64);
      store2(dz, zg, MUL(MUL(grad_c, i), SUB(ONE, MUL(g, g))), f64);
      store2(dz, zo, MUL(MUL(MUL(grad_h, t), o), SUB(ONE, o)), f64);
      store2(dc, s, MUL(grad_c, f), f64);
    }
    for (; j < units; j++) {
      const int zi = zr + j, zf = zi + units, zg = zf + units, zo = zg + units, s = sr + j;
      const double i = load(gates, zi, f64), f = load(gates, zf, f64), g = load(gates, zg, f64), o = load(gates, zo, f64);
      const double t = load(tanh_c, s, f64);
      const double grad_h = load(dh, s, f64);
      const double grad_c = load(dc, s, f64) + grad_h * o * (1 - t * t);
      store(dz, zi, grad_c * g * i * (1 - i), f64);
      store(dz, zf, grad_c * load(c_prev, s, f64) * f * (1 - f), f64);
      store(dz, zg, grad_c * i * (1 - g * g), f64);
      store(dz, zo, grad_h * t * o * (1 - o), f64);
      store(dc, s, grad_c * f, f64);
    }
  }
}

// One GRU step, reset after the product (gates z, r, h over 3·units columns): z, r = σ(xw + hu),
// n = tanh(xw_h + r·hu_h), h = z·hPrev + (1 - z)·n.
INLINE void gru_forward(const void *xw, const void *hu, const void *h_prev, void *gates, void *h, int rows, int units, int f64) {
  const int width = 3 * units;
  for (int r = 0; r < rows; r++) {
    const int zr = r * width;
    const int sr = r * units;
    int j = 0;
    for (; j + 2 <= units; j += 2) {
      const int zz = zr + j, zrs = zz + units, zn = zrs + units, s = sr + j;
      const v128_t z = sigmoid_lanes(ADD(load2(xw, zz, f64), load2(hu, zz, f64)));
      const v128_t reset = sigmoid_lanes(ADD(load2(xw, zrs, f64), load2(hu, zrs, f64)));
      const v128_t n = tanh_lanes(ADD(load2(xw, zn, f64), MUL(reset, load2(hu, zn, f64))));
      store2(gates, zz, z, f64);
      store2(gates, zrs, reset, f64);
      store2(gates, zn, n, f64);
      store2(h, s, ADD(MUL(z, load2(h_prev, s, f64)), MUL(SUB(ONE, z), n)), f64);
    }
    for (; j < units; j++) {
      const int zz = zr + j, zrs = zz + units, zn = zrs + units, s = sr + j;
      const double z = sigmoid_of(load(xw, zz, f64) + load(hu, zz, f64));
      const double reset = sigmoid_of(load(xw, zrs, f64) + load(hu, zrs, f64));
      const double n = fdlibm_tanh(load(xw, zn, f64) + reset * load(hu, zn, f64));
      store(gates, zz, z, f64);
      store(gates, zrs, reset, f64);
      store(gates, zn, n, f64);
      store(h, s, z * load(h_prev, s, f64) + (1 - z) * n, f64);
    }
  }
}

// Back through one GRU step: dxw and dhu (the two products' gradients) and dhPrev = dh·z, the part of
// the previous state's gradient that skips the recurrent product.
INLINE void gru_backward(const void *gates, const void *hu, const void *h_prev, const void *dh, void *dxw, void *dhu, void *dh_prev, int rows, int units, int f64) {
  const int width = 3 * units;
  for (int r = 0; r < rows; r++) {
    const int zr = r * width;
    const int sr = r * units;
    int j = 0;
    for (; j + 2 <= units; j += 2) {
      const int zz = zr + j, zrs = zz + units, zn = zrs + units, s = sr + j;
      const v128_t z = load2(gates, zz, f64), reset = load2(gates, zrs, f64), n = load2(gates, zn, f64);
      const v128_t grad_h = load2(dh, s, f64);
      const v128_t grad_z = MUL(MUL(MUL(grad_h, SUB(load2(h_prev, s, f64), n)), z), SUB(ONE, z));
      const v128_t grad_n = MUL(MUL(grad_h, SUB(ONE, z)), SUB(ONE, MUL(n, n)));
      const v128_t grad_reset = MUL(MUL(MUL(grad_n, load2(hu, zn, f64)), reset), SUB(ONE, reset));
      store2(dxw, zz, grad_z, f64);
      store2(dxw, zrs, grad_reset, f64);
      store2(dxw, zn, grad_n, f64);
      store2(dhu, zz, grad_z, f64);
      store2(dhu, zrs, grad_reset, f64);
      store2(dhu, zn, MUL(grad_n, reset), f64);
      store2(dh_prev, s, MUL(grad_h, z), f64);
    }
    for (; j < units; j++) {
      const int zz = zr + j, zrs = zz + units, zn = zrs + units, s = sr + j;
      const double z = load(gates, zz, f64), reset = load(gates, zrs, f64), n = load(gates, zn, f64);
      const double grad_h = load(dh, s, f64);
      const double grad_z = grad_h * (load(h_prev, s, f64) - n) * z * (1 - z);
      const double grad_n = grad_h * (1 - z) * (1 - n * n);
      const double grad_reset = grad_n * load(hu, zn, f64) * reset * (1 - reset);
      store(dxw, zz, grad_z, f64);
      store(dxw, zrs, grad_reset, f64);
      store(dxw, zn, grad_n, f64);
      store(dhu, zz, grad_z, f64);
      store(dhu, zrs, grad_reset, f64);
      store(dhu, zn, grad_n * reset, f64);
      store(dh_prev, s, grad_h * z, f64);
    }
  }
}

EXPORT("lstm_cell")
void lstm_cell(const void *xw, const void *hu, const void *c_prev, void *gates, void *c, void *tanh_c, void *h, int rows, int units, int f64) {
  if (f64) {
    lstm_forward(xw, hu, c_prev, gates, c, tanh_c, h, rows, units, 1);
  } else {
    lstm_forward(xw, hu, c_prev, gates, c, tanh_c, h, rows, units, 0);
  }
}

EXPORT("lstm_cell_backward")
void lstm_cell_backward(const void *gates, const void *c_prev, const void *tanh_c, const void *dh, void *dc, void *dz, int rows, int units, int f64) {
  if (f64) {
    lstm_backward(gates, c_prev, tanh_c, dh, dc, dz, rows, units, 1);
  } else {
    lstm_backward(gates, c_prev, tanh_c, dh, dc, dz, rows, units, 0);
  }
}

EXPORT("gru_cell")
void gru_cell(const void *xw, const void *hu, const void *h_prev, void *gates, void *h, int rows, int units, int f64) {
  if (f64) {
    gru_forward(xw, hu, h_prev, gates, h, rows, units, 1);
  } else {
    gru_forward(xw, hu, h_prev, gates, h, rows, units, 0);
  }
}

EXPORT("gru_cell_backward")
void gru_cell_backward(const void *gates, const void *hu, const void *h_prev, const void *dh, void *dxw, void *dhu, void *dh_prev, int rows, int units, int f64) {
  if (f64) {
    gru_backward(gates, hu, h_prev, dh, dxw, dhu, dh_prev, rows, units, 1);
  } else {
    gru_backward(gates, hu, h_prev, dh, dxw, dhu, dh_prev, rows, units, 0);
  }
}
