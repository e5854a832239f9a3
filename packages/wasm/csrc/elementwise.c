// The tensor backend's elementwise kernels (packages/tensor/src/backend/js/elementwise.ts and
// reduce.ts), the Dropout layer's mask, the finiteness check and RandomGenerator's draws, as those
// TypeScript loops compute them.
#include "element.h"
#include "fdlibm.h"
#include "fdlibm-simd.h"

// Codes shared with src/elementwise-kernels.ts. Math.log and Math.pow are not here: V8 has changed
// their algorithms between versions (newer ones take log from LLVM's libc), so no fixed C code gives
// their bits on every Node.
enum { NEG = 0, ABS = 1, EXP = 2, SQRT = 3, SQUARE = 4, TANH = 5, SIGN = 6, CLIP = 7 };
enum { ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAXIMUM = 4, MINIMUM = 5, EQUAL = 6, NOT_EQUAL = 7, LESS = 8, LESS_EQUAL = 9, GREATER = 10, GREATER_EQUAL = 11 };

INLINE double unary_value(int op, double x, double p0, double p1) {
  switch (op) {
    case NEG: return -x;
    case ABS: return __builtin_fabs(x);
    case EXP: return fdlibm_exp(x);
    case SQRT: return __builtin_sqrt(x);
    case SQUARE: return x * x;
    case TANH: return fdlibm_tanh(x);
    case SIGN: return x > 0 ? 1 : x < 0 ? -1 : x;
    default: return x < p0 ? p0 : x > p1 ? p1 : x;
  }
}

INLINE double binary_value(int op, double a, double b) {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case MAXIMUM: return js_max(a, b);
    case MINIMUM: return js_min(a, b);
    case EQUAL: return a == b;
    case NOT_EQUAL: return a != b;
    case LESS: return a < b;
    case LESS_EQUAL: return a <= b;
    case GREATER: return a > b;
    default: return a >= b;
  }
}

// The switch is outside the loops: one loop per op, each simple enough to vectorise.
INLINE void unary_body(int op, const void *x, void *out, int n, double p0, double p1, int f64) {
#define UNARY_LOOP(OP) for (int i = 0; i < n; i++) store(out, i, unary_value(OP, load(x, i, f64), p0, p1), f64)
  switch (op) {
    case NEG: UNARY_LOOP(NEG); break;
    case ABS: UNARY_LOOP(ABS); break;
    case EXP: {
      int i = 0;
      for (; i + 2 <= n; i += 2) store2(out, i, exp2_lanes(load2(x, i, f64)), f64);
      for (; i < n; i++) store(out, i, fdlibm_exp(load(x, i, f64)), f64);
      break;
    }
    case SQRT: UNARY_LOOP(SQRT); break;
    case SQUARE: UNARY_LOOP(SQUARE); break;
    case TANH: UNARY_LOOP(TANH); break;
    case SIGN: UNARY_LOOP(SIGN); break;
    default: UNARY_LOOP(CLIP); break;
  }
#undef UNARY_LOOP
}

EXPORT("unary")
void unary(int op, const void *x, void *out, int n, double p0, double p1, int f64) {
  if (f64) {
    unary_body(op, x, out, n, p0, p1, 1);
  } else {
    unary_body(op, x, out, n, p0, p1, 0);
  }
}

// out = a op b for a and out of n values and b of n values (b_step 1) or one (b_step 0).
INLINE void binary_body(int op, const void *a, const void *b, void *out, int n, int b_step, int f64) {
#define BINARY_LOOP(OP) for (int i = 0; i < n; i++) store(out, i, binary_value(OP, load(a, i, f64), load(b, i * b_step, f64)), f64)
  switch (op) {
    case ADD: BINARY_LOOP(ADD); break;
    case SUB: BINARY_LOOP(SUB); break;
    case MUL: BINARY_LOOP(MUL); break;
    case DIV: BINARY_LOOP(DIV); break;
    case MAXIMUM: BINARY_LOOP(MAXIMUM); break;
    case MINIMUM: BINARY_LOOP(MINIMUM); break;
    case EQUAL: BINARY_LOOP(EQUAL); break;
    case NOT_EQUAL: BINARY_LOOP(NOT_EQUAL); break;
    case LESS: BINARY_LOOP(LESS); break;
    case LESS_EQUAL: BINARY_LOOP(LESS_EQUAL); break;
    case GREATER: BINARY_LOOP(GREATER); break;
    default: BINARY_LOOP(GREATER_EQUAL); break;
  }
#undef BINARY_LOOP
}

EXPORT("binary")
void binary(int op, const void *a, const void *b, void *out, int n, int b_step, int f64) {
  if (f64) {
    binary_body(op, a, b, out, n, b_step, 1);
  } else {
    binary_body(op, a, b, out, n, b_step, 0);
  }
}

// Sums the middle axis of x viewed as [outer, length, inner] in double, each sum in index order as
// the reference's, but row by row into `inner` accumulators (scratch space of the caller's) rather
// than down each column: the same additions in the same order, reading memory in order.
INLINE void reduce_sum_body(const void *x, void *out, int outer, int length, int inner, double *acc, int f64) {
  for (int o = 0; o < outer; o++) {
    for (int i = 0; i < inner; i++) acc[i] = 0;
    const int base = o * length * inner;
    for (int j = 0; j < length; j++) {
      const int row = base + j * inner;
      for (int i = 0; i < inner; i++) acc[i] += load(x, row + i, f64);
    }
    for (int i = 0; i < inner; i++) store(out, o * inner + i, acc[i], f64);
  }
}

EXPORT("reduce_sum")
void reduce_sum(const void *x, void *out, int outer, int length, int inner, double *acc, int f64) {
  if (f64) {
    reduce_sum_body(x, out, outer, length, inner, acc, 1);
  } else {
    reduce_sum_body(x, out, outer, length, inner, acc, 0);
  }
}

// Whether every value is finite: a value is NaN or infinite exactly when its exponent bits are all
// ones. OR-ing a flag per value vectorises; stopping at the first would not.
EXPORT("all_finite")
int all_finite(const void *x, int n, int f64) {
  if (f64) {
    const unsigned long long *bits = x;
    unsigned long long bad = 0;
    for (int i = 0; i < n; i++) bad |= (bits[i] & 0x7FF0000000000000ull) == 0x7FF0000000000000ull;
    return bad == 0;
  }
  const unsigned *bits = x;
  unsigned bad = 0;
  for (int i = 0; i < n; i++) bad |= (bits[i] & 0x7F800000u) == 0x7F800000u;
  return bad == 0;
}

// Inverted dropout from its draws: out = x·(bits < threshold ? 0 : keep), keep as the layer rounded it.
INLINE void dropout_body(const unsigned *bits, double threshold, double keep, const void *x, void *out, int n, int f64) {
  for (int i = 0; i < n; i++) store(out, i, load(x, i, f64) * ((double)bits[i] < threshold ? 0.0 : keep), f64);
}

EXPORT("dropout")
void dropout(const unsigned *bits, double threshold, double keep, const void *x, void *out, int n, int f64) {
  if (f64) {
    dropout_body(bits, threshold, keep, x, out, n, 1);
  } else {
    dropout_body(bits, threshold, keep, x, out, n, 0);
  }
}

static inline unsigned rotate_left(unsigned x, int k) {
  return (x << k) | (x >> (32 - k));
}

// xoshiro128** (Blackman and Vigna, 2018), RandomGenerator.nextUint32 step for step: `state` holds its
// four words and is advanced in place, so the stream continues where n calls would have left it.
EXPORT("random_bits")
void random_bits(unsigned *state, unsigned *out, int n) {
  unsigned s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  for (int i = 0; i < n; i++) {
    out[i] = rotate_left(s1 * 5, 7) * 9;
    const unsigned t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotate_left(s3, 11);
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}
