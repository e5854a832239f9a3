// The N-API surface: every function takes typed arrays (all Float32Array or all Float64Array) and
// plain numbers, checks that the arrays are long enough for the sizes given, and writes in place.
// The TypeScript side validates shapes first; the checks here only keep a wrong call from touching
// memory it does not own.
#include <node_api.h>

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "conv.h"
#include "gemm.h"
#include "kernels.h"
#include "pool.h"
#include "recurrent.h"
#include "threads.h"

namespace {

using nnts::Activation;

struct Array {
  void* data = nullptr;
  std::size_t length = 0;
  napi_typedarray_type type = napi_float32_array;
};

struct Ints {
  std::int32_t* data = nullptr;
  std::size_t length = 0;
};

struct Call {
  napi_env env;
  napi_value args[14];
  std::size_t argc = 14;
  bool failed = false;

  Call(napi_env e, napi_callback_info info) : env(e) { napi_get_cb_info(env, info, &argc, args, nullptr, nullptr); }

  void fail(const char* message) {
    if (!failed) napi_throw_type_error(env, "ERR_NNTS_NATIVE", message);
    failed = true;
  }

  // A Float32Array or Float64Array; `nullable` accepts null/undefined as "absent".
  Array array(std::size_t i, bool nullable = false) {
    Array a;
    if (failed) return a;
    napi_valuetype kind = napi_undefined;
    if (i < argc) napi_typeof(env, args[i], &kind);
    if (nullable && (kind == napi_null || kind == napi_undefined)) return a;
    bool is_typed = false;
    if (i < argc) napi_is_typedarray(env, args[i], &is_typed);
    if (!is_typed) {
      fail("nnts native: expected a Float32Array or Float64Array argument");
      return a;
    }
    napi_get_typedarray_info(env, args[i], &a.type, &a.length, &a.data, nullptr, nullptr);
    if (a.type != napi_float32_array && a.type != napi_float64_array) fail("nnts native: arrays must be Float32Array or Float64Array");
    return a;
  }

  double number(std::size_t i) {
    double value = 0;
    if (failed) return value;
    if (i >= argc || napi_get_value_double(env, args[i], &value) != napi_ok) fail("nnts native: expected a number argument");
    return value;
  }

  long size(std::size_t i) {
    const double value = number(i);
    if (!failed && !(value >= 0 && value <= 2147483647.0 && value == static_cast<long>(value))) fail("nnts native: sizes must be integers in [0, 2^31)");
    return static_cast<long>(value);
  }

  // An Int32Array; `nullable` accepts null/undefined as "absent".
  // A Uint32Array (random draws), or null after failing with `what`.
  std::uint32_t* uint32s(std::size_t i, std::size_t& length, const char* what) {
    if (failed) return nullptr;
    bool is_typed = false;
    if (i < argc) napi_is_typedarray(env, args[i], &is_typed);
    napi_typedarray_type type = napi_int8_array;
    void* data = nullptr;
    if (is_typed) napi_get_typedarray_info(env, args[i], &type, &length, &data, nullptr, nullptr);
    if (!is_typed || type != napi_uint32_array) {
      fail(what);
      return nullptr;
    }
    return static_cast<std::uint32_t*>(data);
  }

  Ints int32s(std::size_t i, const char* what, bool nullable = false) {
    Ints a;
    if (failed) return a;
    napi_valuetype kind = napi_undefined;
    if (i < argc) napi_typeof(env, args[i], &kind);
    if (nullable && (kind == napi_null || kind == napi_undefined)) return a;
    bool is_typed = false;
    if (i < argc) napi_is_typedarray(env, args[i], &is_typed);
    napi_typedarray_type type = napi_int8_array;
    void* data = nullptr;
    if (is_typed) napi_get_typedarray_info(env, args[i], &type, &a.length, &data, nullptr, nullptr);
    if (!is_typed || type != napi_int32_array) {
      fail(what);
      return Ints();
    }
    a.data = static_cast<std::int32_t*>(data);
    return a;
  }

  // A window's geometry: an Int32Array of nnts::ConvGeometry's 15 fields in order. Checked so that every
  // size is positive, every offset the kernels compute fits in 64 bits and every array size in 31.
  nnts::ConvGeometry geometry(std::size_t i) {
    nnts::ConvGeometry g{};
    static_assert(sizeof g == 15 * sizeof(std::int32_t), "ConvGeometry is the 15 values of the Int32Array");
    const Ints values = int32s(i, "nnts native: the geometry must be an Int32Array of 15 values");
    if (failed) return g;
    if (values.length != 15) return fail("nnts native: the geometry must be an Int32Array of 15 values"), g;
    std::memcpy(&g, values.data, sizeof g);
    const int positive[] = {g.in_h, g.in_w, g.in_c, g.out_h, g.out_w, g.out_c, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw};
    bool ok = g.batch >= 0 && g.pad_top >= 0 && g.pad_left >= 0;
    for (int v : positive) ok = ok && v > 0;
    const double limit = 2147483647.0;
    ok = ok && double(g.batch) * g.in_h * g.in_w * g.in_c <= limit && double(g.batch) * g.out_h * g.out_w * g.out_c <= limit &&
         double(g.kh) * g.kw * g.in_c * g.out_c <= limit && double(g.out_h) * g.sh + double(g.kh) * g.dh + g.pad_top <= limit &&
         double(g.out_w) * g.sw + double(g.kw) * g.dw + g.pad_left <= limit;
    if (!ok) fail("nnts native: bad geometry (sizes must be positive, paddings non-negative, arrays under 2^31 elements)");
    return g;
  }

  bool flag(std::size_t i) {
    bool value = false;
    if (failed) return value;
    if (i >= argc || napi_get_value_bool(env, args[i], &value) != napi_ok) fail("nnts native: expected a boolean argument");
    return value;
  }

  // All present arrays share the first one's type, and each holds at least the elements named.
  bool same_type(std::initializer_list<const Array*> arrays) {
    if (failed) return false;
    const Array* first = *arrays.begin();
    for (const Array* a : arrays) {
      if (a->data && a->type != first->type) {
        fail("nnts native: arrays of one call must all be float32 or all float64");
        return false;
      }
    }
    return true;
  }

  bool fits(const Array& a, long elements) {
    if (failed) return false;
    if (static_cast<long>(a.length) < elements) {
      fail("nnts native: an array is shorter than the sizes given");
      return false;
    }
    return true;
  }

  // No output shares memory with another array of the call (the recurrent kernels read their inputs
  // while writing, and vectorise on the promise): `outputs` against each other and against `inputs`.
  bool disjoint(std::initializer_list<const Array*> outputs, std::initializer_list<const Array*> inputs) {
    if (failed) return false;
    const auto overlap = [](const Array* a, const Array* b) {
      const std::size_t bytes_a = a->length * (a->type == napi_float32_array ? 4 : 8);
      const std::size_t bytes_b = b->length * (b->type == napi_float32_array ? 4 : 8);
      const char* pa = static_cast<const char*>(a->data);
      const char* pb = static_cast<const char*>(b->data);
      return bytes_a && bytes_b && pa < pb + bytes_b && pb < pa + bytes_a;
    };
    for (const Array* out : outputs) {
      for (const Array* other : outputs)
        if (other != out && overlap(out, other)) return fail("nnts native: the output arrays of a recurrent kernel must not overlap"), false;
      for (const Array* in : inputs)
        if (overlap(out, in)) return fail("nnts native: the output arrays of a recurrent kernel must not overlap its inputs"), false;
    }
    return true;
  }

  napi_value undefined() {
    napi_value u;
    napi_get_undefined(env, &u);
    return u;
  }
};

template <typename T>
T* as(const Array& a) {
  return static_cast<T*>(a.data);
}

#define NNTS_DISPATCH(array, call) \
  ((array).type == napi_float32_array ? call(float) : call(double))

}  // namespace

namespace nnts {
void activation_block(int activation, const float* z, float* a, long rows, long cols, long ld, double alpha) {
  activation_block<float>(Activation(activation), z, a, rows, cols, ld, alpha);
}
void activation_block(int activation, const double* z, double* a, long rows, long cols, long ld, double alpha) {
  activation_block<double>(Activation(activation), z, a, rows, cols, ld, alpha);
}
}  // namespace nnts

namespace {

// Elementwise kernels run on the pool's threads from this many elements on (any split gives the same
// bits); updates with divisions and square roots, at about half a nanosecond an element, from fewer.
constexpr long kParallelElements = 1L << 16;
constexpr long kParallelUpdates = 1L << 13;

// body(lo, hi) over shares of [0, n), on the pool's threads from `least` elements on.
template <class Body>
void elementwise(long n, long least, const Body& body) {
  nnts::parallel_for(n, n, least, body, 64);
}

// matmul(a, b, out, m, k, n, transposeA, transposeB, bias | null[, activation, alpha, activated])
// With an activation code, activated = f(out) is written too, in the same call.
napi_value Matmul(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array a = c.array(0), b = c.array(1), out = c.array(2);
  const long m = c.size(3), k = c.size(4), n = c.size(5);
  const bool ta = c.flag(6), tb = c.flag(7);
  Array bias = c.array(8, true);
  const bool epilogue = c.argc > 9;
  const long activation = epilogue ? c.size(9) : -1;
  const double alpha = epilogue ? c.number(10) : 0;
  Array activated = epilogue ? c.array(11) : Array();
  if (!c.same_type({&a, &b, &out, &bias, &activated}) || !c.fits(a, m * k) || !c.fits(b, k * n) || !c.fits(out, m * n)) return nullptr;
  if (bias.data && !c.fits(bias, n)) return nullptr;
  if (epilogue && (!c.fits(activated, m * n) || activation > long(Activation::tanh))) return c.fail("nnts native: bad matmul epilogue"), nullptr;
#define RUN(T) \
  (nnts::gemm<T>({as<T>(a), as<T>(b), as<T>(out), as<T>(bias), int(m), int(k), int(n), ta, tb, int(activation), alpha, as<T>(activated)}), 0)
  NNTS_DISPATCH(a, RUN);
#undef RUN
  return c.undefined();
}

// activation(kind, z, out, alpha)
napi_value ActivationForward(napi_env env, napi_callback_info info) {
  Call c(env, info);
  const long kind = c.size(0);
  Array z = c.array(1), out = c.array(2);
  const double alpha = c.number(3);
  if (!c.same_type({&z, &out}) || !c.fits(out, long(z.length))) return nullptr;
  if (kind > long(Activation::tanh)) return c.fail("nnts native: unknown activation code"), nullptr;
#define RUN(T) (nnts::activation_forward<T>(Activation(kind), as<T>(z), as<T>(out), z.length, alpha), 0)
  NNTS_DISPATCH(z, RUN);
#undef RUN
  return c.undefined();
}

// activationBackward(kind, gradOutput, z, a, out, alpha)
napi_value ActivationBackward(napi_env env, napi_callback_info info) {
  Call c(env, info);
  const long kind = c.size(0);
  Array g = c.array(1), z = c.array(2), a = c.array(3), out = c.array(4);
  const double alpha = c.number(5);
  const long n = long(g.length);
  if (!c.same_type({&g, &z, &a, &out}) || !c.fits(z, n) || !c.fits(a, n) || !c.fits(out, n)) return nullptr;
  if (kind > long(Activation::tanh)) return c.fail("nnts native: unknown activation code"), nullptr;
#define RUN(T)                                                                                                                \
  (elementwise(n, kParallelElements,                                                                                           \
               [&](long lo, long hi) {                                                                                         \
                 nnts::activation_backward<T>(Activation(kind), as<T>(g) + lo, as<T>(z) + lo, as<T>(a) + lo, as<T>(out) + lo, hi - lo, \
                                              alpha);                                                                          \
               }),                                                                                                             \
   0)
  NNTS_DISPATCH(g, RUN);
#undef RUN
  return c.undefined();
}

// randomBits(state, out): out.length draws of xoshiro128** from the 4 int32 words of `state`, advanced in place.
napi_value RandomBits(napi_env env, napi_callback_info info) {
  Call c(env, info);
  const Ints state = c.int32s(0, "nnts native: randomBits state must be an Int32Array");
  std::size_t n = 0;
  std::uint32_t* out = c.uint32s(1, n, "nnts native: randomBits out must be a Uint32Array");
  if (c.failed) return nullptr;
  if (state.length != 4) return c.fail("nnts native: randomBits state must hold the 4 words of xoshiro128**"), nullptr;
  nnts::random_bits(state.data, out, n);
  return c.undefined();
}

// dropout(bits, threshold, keep, x, out): out = x * (bits < threshold ? 0 : keep), elementwise.
napi_value Dropout(napi_env env, napi_callback_info info) {
  Call c(env, info);
  std::size_t count = 0;
  const std::uint32_t* bits = c.uint32s(0, count, "nnts native: dropout bits must be a Uint32Array");
  const double threshold = c.number(1), keep = c.number(2);
  Array x = c.array(3), out = c.array(4);
  const long n = long(x.length);
  if (!c.same_type({&x, &out}) || !c.fits(out, n)) return nullptr;
  if (long(count) < n) return c.fail("nnts native: an array is shorter than the sizes given"), nullptr;
#define RUN(T)                                                                                                   \
  (elementwise(n, kParallelElements,                                                                              \
               [&](long lo, long hi) { nnts::dropout_apply<T>(bits + lo, threshold, T(keep), as<T>(x) + lo, as<T>(out) + lo, hi - lo); }), \
   0)
  NNTS_DISPATCH(x, RUN);
#undef RUN
  return c.undefined();
}

// softmax(z, out, rows, cols)
napi_value Softmax(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array z = c.array(0), out = c.array(1);
  const long rows = c.size(2), cols = c.size(3);
  if (!c.same_type({&z, &out}) || !c.fits(z, rows * cols) || !c.fits(out, rows * cols)) return nullptr;
#define RUN(T) (nnts::softmax<T>(as<T>(z), as<T>(out), rows, cols), 0)
  NNTS_DISPATCH(z, RUN);
#undef RUN
  return c.undefined();
}

// softmaxCrossEntropyBackward(p, target, labels, out, rows, cols, epsilon)
napi_value SoftmaxCrossEntropyBackward(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array p = c.array(0), target = c.array(1);
  const bool labels = c.flag(2);
  Array out = c.array(3);
  const long rows = c.size(4), cols = c.size(5);
  const double epsilon = c.number(6);
  if (!c.same_type({&p, &target, &out}) || !c.fits(p, rows * cols) || !c.fits(out, rows * cols) ||
      !c.fits(target, labels ? rows : rows * cols))
    return nullptr;
#define RUN(T) (nnts::softmax_cross_entropy_backward<T>(as<T>(p), as<T>(target), labels, as<T>(out), rows, cols, epsilon), 0)
  NNTS_DISPATCH(p, RUN);
#undef RUN
  return c.undefined();
}

// sum(x, out, outer, axisLength, inner): sums the middle axis in double, in index order.
napi_value Sum(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array x = c.array(0), out = c.array(1);
  const long outer = c.size(2), length = c.size(3), inner = c.size(4);
  if (!c.same_type({&x, &out}) || !c.fits(x, outer * length * inner) || !c.fits(out, outer * inner)) return nullptr;
#define RUN(T) (nnts::reduce_sum<T>(as<T>(x), as<T>(out), outer, length, inner), 0)
  NNTS_DISPATCH(x, RUN);
#undef RUN
  return c.undefined();
}

napi_value AllFinite(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array x = c.array(0);
  if (c.failed) return nullptr;
#define RUN(T) nnts::all_finite(as<T>(x), x.length)
  const bool finite = NNTS_DISPATCH(x, RUN);
#undef RUN
  napi_value result;
  napi_get_boolean(env, finite, &result);
  return result;
}

// gatherRows(x, indices, out, rows, width): indices is an Int32Array of row numbers below `rows`.
napi_value GatherRows(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array x = c.array(0);
  const long rows = c.size(3), width = c.size(4);
  Array out = c.array(2);
  if (!c.same_type({&x, &out}) || !c.fits(x, rows * width)) return nullptr;
  bool is_typed = false;
  napi_is_typedarray(env, c.args[1], &is_typed);
  napi_typedarray_type type = napi_int8_array;
  std::size_t count = 0;
  void* data = nullptr;
  if (is_typed) napi_get_typedarray_info(env, c.args[1], &type, &count, &data, nullptr, nullptr);
  if (!is_typed || type != napi_int32_array) return c.fail("nnts native: gatherRows indices must be an Int32Array"), nullptr;
  if (!c.fits(out, long(count) * width)) return nullptr;
  const std::int32_t* indices = static_cast<const std::int32_t*>(data);
  for (std::size_t r = 0; r < count; ++r) {
    if (indices[r] < 0 || indices[r] >= rows) return c.fail("nnts native: gatherRows index out of range"), nullptr;
  }
#define RUN(T) (nnts::gather_rows<T>(as<T>(x), indices, as<T>(out), count, width), 0)
  NNTS_DISPATCH(x, RUN);
#undef RUN
  return c.undefined();
}

// sgd(w, g, lr); y += alpha * x is sgd(y, x, -alpha).
napi_value Sgd(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array w = c.array(0), g = c.array(1);
  const double lr = c.number(2);
  if (!c.same_type({&w, &g}) || !c.fits(g, long(w.length))) return nullptr;
#define RUN(T) (elementwise(long(w.length), kParallelElements, [&](long lo, long hi) { nnts::sgd<T>(as<T>(w) + lo, as<T>(g) + lo, hi - lo, lr); }), 0)
  NNTS_DISPATCH(w, RUN);
#undef RUN
  return c.undefined();
}

// sgdMomentum(w, g, velocity, lr, momentum, nesterov)
napi_value SgdMomentum(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array w = c.array(0), g = c.array(1), v = c.array(2);
  const double lr = c.number(3), momentum = c.number(4);
  const bool nesterov = c.flag(5);
  if (!c.same_type({&w, &g, &v}) || !c.fits(g, long(w.length)) || !c.fits(v, long(w.length))) return nullptr;
#define RUN(T)                                                                                          \
  (elementwise(long(w.length), kParallelElements,                                                         \
               [&](long lo, long hi) {                                                                    \
                 nnts::sgd_momentum<T>(as<T>(w) + lo, as<T>(g) + lo, as<T>(v) + lo, hi - lo, lr, momentum, nesterov); \
               }),                                                                                        \
   0)
  NNTS_DISPATCH(w, RUN);
#undef RUN
  return c.undefined();
}

// rmsprop(w, g, meanSquare, lr, rho, epsilon)
napi_value RmsProp(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array w = c.array(0), g = c.array(1), s = c.array(2);
  const double lr = c.number(3), rho = c.number(4), epsilon = c.number(5);
  if (!c.same_type({&w, &g, &s}) || !c.fits(g, long(w.length)) || !c.fits(s, long(w.length))) return nullptr;
#define RUN(T)                                                                                                         \
  (elementwise(long(w.length), kParallelUpdates,                                                                         \
               [&](long lo, long hi) { nnts::rmsprop<T>(as<T>(w) + lo, as<T>(g) + lo, as<T>(s) + lo, hi - lo, lr, rho, epsilon); }), \
   0)
  NNTS_DISPATCH(w, RUN);
#undef RUN
  return c.undefined();
}

// adam(w, g, mean, variance, lr, beta1, beta2, epsilon, correction1, correction2, shrink)
napi_value Adam(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array w = c.array(0), g = c.array(1), m = c.array(2), v = c.array(3);
  const double lr = c.number(4), beta1 = c.number(5), beta2 = c.number(6), epsilon = c.number(7);
  const double c1 = c.number(8), c2 = c.number(9), shrink = c.number(10);
  const long n = long(w.length);
  if (!c.same_type({&w, &g, &m, &v}) || !c.fits(g, n) || !c.fits(m, n) || !c.fits(v, n)) return nullptr;
#define RUN(T)                                                                                                            \
  (elementwise(n, kParallelUpdates,                                                                                         \
               [&](long lo, long hi) {                                                                                      \
                 nnts::adam<T>(as<T>(w) + lo, as<T>(g) + lo, as<T>(m) + lo, as<T>(v) + lo, hi - lo, lr, beta1, beta2, epsilon, c1, c2, \
                               shrink);                                                                                     \
               }),                                                                                                          \
   0)
  NNTS_DISPATCH(w, RUN);
#undef RUN
  return c.undefined();
}

// conv2d(x, kernel, bias | null, out, geometry[, activation, alpha, activated]), as matmul's epilogue.
napi_value Conv2d(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array x = c.array(0), kernel = c.array(1), bias = c.array(2, true), out = c.array(3);
  const nnts::ConvGeometry g = c.geometry(4);
  const bool epilogue = c.argc > 5;
  const long activation = epilogue ? c.size(5) : -1;
  const double alpha = epilogue ? c.number(6) : 0;
  Array activated = epilogue ? c.array(7) : Array();
  if (!c.same_type({&x, &kernel, &bias, &out, &activated}) || !c.fits(x, g.input_size()) || !c.fits(kernel, g.taps() * g.out_c) ||
      !c.fits(out, g.output_size()))
    return nullptr;
  if (bias.data && !c.fits(bias, g.out_c)) return nullptr;
  if (epilogue && (!c.fits(activated, g.output_size()) || activation > long(Activation::tanh))) return c.fail("nnts native: bad conv2d epilogue"), nullptr;
#define RUN(T) \
  (nnts::conv<T>(nnts::ConvProduct::forward, {g, as<T>(x), as<T>(kernel), nullptr, as<T>(bias), as<T>(out), int(activation), alpha, as<T>(activated)}), 0)
  NNTS_DISPATCH(x, RUN);
#undef RUN
  return c.undefined();
}

// conv2dBackpropInput(dy, kernel, dx, geometry)
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array dy = c.array(0), kernel = c.array(1), dx = c.array(2);
  const nnts::ConvGeometry g = c.geometry(3);
  if (!c.same_type({&dy, &kernel, &dx}) || !c.fits(dy, g.output_size()) || !c.fits(kernel, g.taps() * g.out_c) || !c.fits(dx, g.input_size()))
    return nullptr;
#define RUN(T) (nnts::conv<T>(nnts::ConvProduct::input, {g, nullptr, as<T>(kernel), as<T>(dy), nullptr, as<T>(dx)}), 0)
  NNTS_DISPATCH(dy, RUN);
#undef RUN
  return c.undefined();
}

// conv2dBackpropFilter(x, dy, dkernel, geometry)
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array x = c.array(0), dy = c.array(1), dkernel = c.array(2);
  const nnts::ConvGeometry g = c.geometry(3);
  if (!c.same_type({&x, &dy, &dkernel}) || !c.fits(x, g.input_size()) || !c.fits(dy, g.output_size()) || !c.fits(dkernel, g.taps() * g.out_c))
    return nullptr;
#define RUN(T) (nnts::conv<T>(nnts::ConvProduct::filter, {g, as<T>(x), nullptr, as<T>(dy), nullptr, as<T>(dkernel)}), 0)
  NNTS_DISPATCH(x, RUN);
#undef RUN
  return c.undefined();
}

// A pool keeps the channels: its geometry must say so, since out is indexed by in_c.
bool pool_geometry(Call& c, const nnts::ConvGeometry& g) {
  if (!c.failed && g.out_c != g.in_c) c.fail("nnts native: a pooling geometry has as many output channels as input channels");
  return !c.failed;
}

// maxPool2d(x, out, indices | null, geometry)
napi_value MaxPool2d(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array x = c.array(0), out = c.array(1);
  const Ints indices = c.int32s(2, "nnts native: maxPool2d indices must be an Int32Array or null", true);
  const nnts::ConvGeometry g = c.geometry(3);
  if (!pool_geometry(c, g) || !c.same_type({&x, &out}) || !c.fits(x, g.input_size()) || !c.fits(out, g.output_size())) return nullptr;
  if (indices.data && long(indices.length) < g.output_size()) return c.fail("nnts native: an array is shorter than the sizes given"), nullptr;
#define RUN(T) (nnts::max_pool<T>(as<T>(x), as<T>(out), indices.data, g), 0)
  NNTS_DISPATCH(x, RUN);
#undef RUN
  return c.undefined();
}

// maxPool2dBackprop(dy, indices, dx): every index must lie inside dx (the kernel checks them all first).
napi_value MaxPool2dBackprop(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array dy = c.array(0), dx = c.array(2);
  const Ints indices = c.int32s(1, "nnts native: maxPool2dBackprop indices must be an Int32Array");
  if (!c.same_type({&dy, &dx})) return nullptr;
  if (indices.length < dy.length) return c.fail("nnts native: an array is shorter than the sizes given"), nullptr;
#define RUN(T) nnts::max_pool_backprop<T>(as<T>(dy), indices.data, as<T>(dx), long(dy.length), long(dx.length))
  const bool written = NNTS_DISPATCH(dy, RUN);
#undef RUN
  napi_value result;
  napi_get_boolean(env, written, &result);
  return result;
}

// avgPool2d(x, out, geometry)
napi_value AvgPool2d(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array x = c.array(0), out = c.array(1);
  const nnts::ConvGeometry g = c.geometry(2);
  if (!pool_geometry(c, g) || !c.same_type({&x, &out}) || !c.fits(x, g.input_size()) || !c.fits(out, g.output_size())) return nullptr;
#define RUN(T) (nnts::avg_pool<T>(as<T>(x), as<T>(out), g), 0)
  NNTS_DISPATCH(x, RUN);
#undef RUN
  return c.undefined();
}

// avgPool2dBackprop(dy, dx, geometry)
napi_value AvgPool2dBackprop(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array dy = c.array(0), dx = c.array(1);
  const nnts::ConvGeometry g = c.geometry(2);
  if (!pool_geometry(c, g) || !c.same_type({&dy, &dx}) || !c.fits(dy, g.output_size()) || !c.fits(dx, g.input_size())) return nullptr;
#define RUN(T) (nnts::avg_pool_backprop<T>(as<T>(dy), as<T>(dx), g), 0)
  NNTS_DISPATCH(dy, RUN);
#undef RUN
  return c.undefined();
}

// The recurrent cells: gate blocks hold `gates` (4 for an LSTM, 3 for a GRU) x units columns a row,
// states units. Sizes are checked against every array, products in double so rows·4·units cannot
// overflow the check itself.
bool cell_sizes(Call& c, long rows, long units, long gates, std::initializer_list<const Array*> blocks,
                std::initializer_list<const Array*> states) {
  if (c.failed) return false;
  if (double(rows) * double(units) * double(gates) > 2147483647.0) return c.fail("nnts native: rows·gates·units must stay under 2^31"), false;
  for (const Array* a : blocks)
    if (!c.fits(*a, rows * gates * units)) return false;
  for (const Array* a : states)
    if (!c.fits(*a, rows * units)) return false;
  return true;
}

// lstmCell(xw, hu, cPrev, gates, c, tanhC, h, rows, units)
napi_value LstmCell(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array xw = c.array(0), hu = c.array(1), c_prev = c.array(2), gates = c.array(3), cell = c.array(4), tanh_c = c.array(5), h = c.array(6);
  const long rows = c.size(7), units = c.size(8);
  if (!c.same_type({&xw, &hu, &c_prev, &gates, &cell, &tanh_c, &h}) || !cell_sizes(c, rows, units, 4, {&xw, &hu, &gates}, {&c_prev, &cell, &tanh_c, &h}) ||
      !c.disjoint({&gates, &cell, &tanh_c, &h}, {&xw, &hu, &c_prev}))
    return nullptr;
#define RUN(T) (nnts::lstm_cell(nnts::LstmStep<T>{as<T>(xw), as<T>(hu), as<T>(c_prev), as<T>(gates), as<T>(cell), as<T>(tanh_c), as<T>(h), units}, rows), 0)
  NNTS_DISPATCH(xw, RUN);
#undef RUN
  return c.undefined();
}

// lstmCellBackward(gates, cPrev, tanhC, dh, dc, dz, rows, units): dc is read and overwritten.
napi_value LstmCellBackward(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array gates = c.array(0), c_prev = c.array(1), tanh_c = c.array(2), dh = c.array(3), dc = c.array(4), dz = c.array(5);
  const long rows = c.size(6), units = c.size(7);
  if (!c.same_type({&gates, &c_prev, &tanh_c, &dh, &dc, &dz}) || !cell_sizes(c, rows, units, 4, {&gates, &dz}, {&c_prev, &tanh_c, &dh, &dc}) ||
      !c.disjoint({&dc, &dz}, {&gates, &c_prev, &tanh_c, &dh}))
    return nullptr;
#define RUN(T) (nnts::lstm_cell_backward(nnts::LstmBackStep<T>{as<T>(gates), as<T>(c_prev), as<T>(tanh_c), as<T>(dh), as<T>(dc), as<T>(dz), units}, rows), 0)
  NNTS_DISPATCH(gates, RUN);
#undef RUN
  return c.undefined();
}

// gruCell(xw, hu, hPrev, gates, h, rows, units)
napi_value GruCell(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array xw = c.array(0), hu = c.array(1), h_prev = c.array(2), gates = c.array(3), h = c.array(4);
  const long rows = c.size(5), units = c.size(6);
  if (!c.same_type({&xw, &hu, &h_prev, &gates, &h}) || !cell_sizes(c, rows, units, 3, {&xw, &hu, &gates}, {&h_prev, &h}) ||
      !c.disjoint({&gates, &h}, {&xw, &hu, &h_prev}))
    return nullptr;
#define RUN(T) (nnts::gru_cell(nnts::GruStep<T>{as<T>(xw), as<T>(hu), as<T>(h_prev), as<T>(gates), as<T>(h), units}, rows), 0)
  NNTS_DISPATCH(xw, RUN);
#undef RUN
  return c.undefined();
}

// gruCellBackward(gates, hu, hPrev, dh, dxw, dhu, dhPrev, rows, units)
napi_value GruCellBackward(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array gates = c.array(0), hu = c.array(1), h_prev = c.array(2), dh = c.array(3), dxw = c.array(4), dhu = c.array(5), dh_prev = c.array(6);
  const long rows = c.size(7), units = c.size(8);
  if (!c.same_type({&gates, &hu, &h_prev, &dh, &dxw, &dhu, &dh_prev}) ||
      !cell_sizes(c, rows, units, 3, {&gates, &hu, &dxw, &dhu}, {&h_prev, &dh, &dh_prev}) || !c.disjoint({&dxw, &dhu, &dh_prev}, {&gates, &hu, &h_prev, &dh}))
    return nullptr;
#define RUN(T)                                                                                                                         \
  (nnts::gru_cell_backward(nnts::GruBackStep<T>{as<T>(gates), as<T>(hu), as<T>(h_prev), as<T>(dh), as<T>(dxw), as<T>(dhu), as<T>(dh_prev), units}, \
                           rows),                                                                                                      \
   0)
  NNTS_DISPATCH(gates, RUN);
#undef RUN
  return c.undefined();
}

// swapLeadingAxes(x, out, outer, inner, width)
napi_value SwapLeadingAxes(napi_env env, napi_callback_info info) {
  Call c(env, info);
  Array x = c.array(0), out = c.array(1);
  const long outer = c.size(2), inner = c.size(3), width = c.size(4);
  if (c.failed) return nullptr;
  if (double(outer) * double(inner) * double(width) > 2147483647.0) return c.fail("nnts native: outer·inner·width must stay under 2^31"), nullptr;
  if (!c.same_type({&x, &out}) || !c.fits(x, outer * inner * width) || !c.fits(out, outer * inner * width) || !c.disjoint({&out}, {&x})) return nullptr;
#define RUN(T) (nnts::swap_leading_axes(as<T>(x), as<T>(out), outer, inner, width), 0)
  NNTS_DISPATCH(x, RUN);
#undef RUN
  return c.undefined();
}

// info(): { isa, threads }
napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, isa, threads;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, nnts::isa_name(nnts::active_isa()), NAPI_AUTO_LENGTH, &isa);
  napi_create_int32(env, nnts::pool_threads(), &threads);
  napi_set_named_property(env, result, "isa", isa);
  napi_set_named_property(env, result, "threads", threads);
  return result;
}

// configure(isa | null, threads | 0): returns false when the CPU lacks the instruction set asked for.
napi_value Configure(napi_env env, napi_callback_info info) {
  Call c(env, info);
  bool ok = true;
  napi_valuetype kind = napi_undefined;
  if (c.argc > 0) napi_typeof(env, c.args[0], &kind);
  if (kind == napi_string) {
    char name[16] = {0};
    std::size_t length = 0;
    napi_get_value_string_utf8(env, c.args[0], name, sizeof name, &length);
    ok = false;
    for (nnts::Isa isa : {nnts::Isa::avx512, nnts::Isa::avx2, nnts::Isa::generic}) {
      if (std::strcmp(name, nnts::isa_name(isa)) == 0) ok = nnts::set_isa(isa);
    }
  }
  const long threads = c.argc > 1 ? c.size(1) : 0;
  if (c.failed) return nullptr;
  if (threads > 0) nnts::set_pool_threads(int(threads));
  napi_value result;
  napi_get_boolean(env, ok, &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor functions[] = {
      {"matmul", nullptr, Matmul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"activation", nullptr, ActivationForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"activationBackward", nullptr, ActivationBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmax", nullptr, Softmax, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"randomBits", nullptr, RandomBits, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"dropout", nullptr, Dropout, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmaxCrossEntropyBackward", nullptr, SoftmaxCrossEntropyBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sum", nullptr, Sum, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"allFinite", nullptr, AllFinite, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gatherRows", nullptr, GatherRows, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sgd", nullptr, Sgd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sgdMomentum", nullptr, SgdMomentum, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rmsprop", nullptr, RmsProp, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropInput", nullptr, Conv2dBackpropInput, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv2dBackpropFilter, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool2d", nullptr, MaxPool2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool2dBackprop", nullptr, MaxPool2dBackprop, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"avgPool2d", nullptr, AvgPool2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"avgPool2dBackprop", nullptr, AvgPool2dBackprop, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmCell", nullptr, LstmCell, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmCellBackward", nullptr, LstmCellBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gruCell", nullptr, GruCell, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gruCellBackward", nullptr, GruCellBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"swapLeadingAxes", nullptr, SwapLeadingAxes, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"configure", nullptr, Configure, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
