#include "pool.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "threads.h"

namespace nnts {

namespace {

// The pooling kernels split rows or samples between threads from 32k input elements on.
template <class Body>
void split(long count, long work, const Body& body) {
  parallel_for(count, work, 1L << 15, body);
}

// The taps [lo, hi) of a window along one axis that land inside the input: start + t * step in
// [0, length) for t < taps. Computed once per output row and column, not per output.
struct Span {
  long lo, hi;
};

Span span(long start, long step, long taps, long length) {
  long lo = start >= 0 ? 0 : (-start + step - 1) / step;
  long hi = start >= length ? 0 : (length - start + step - 1) / step;
  lo = lo < taps ? lo : taps;
  hi = hi < taps ? hi : taps;
  return {lo, hi > lo ? hi : lo};
}

// The column spans of every output column, the same for every row.
const Span* column_spans(const ConvGeometry& g) {
  thread_local std::vector<Span> spans;
  spans.resize(g.out_w);
  for (long ow = 0; ow < g.out_w; ++ow) spans[ow] = span(ow * g.sw - g.pad_left, g.dw, g.kw, g.in_w);
  return spans.data();
}

// Where output (b, oh, ow)'s first tap inside the input (rows.lo, cols.lo) has its channels in x.
long first_tap(const ConvGeometry& g, long b, long oh, long ow, const Span& rows, const Span& cols) {
  return ((b * g.in_h + oh * g.sh - g.pad_top + rows.lo * g.dh) * g.in_w + ow * g.sw - g.pad_left + cols.lo * g.dw) * g.in_c;
}

// Eight lanes of T and an index vector of the same width (GCC vector extensions: each clone of a
// function compiles them to its own instruction set).
template <typename T>
struct Lanes;
template <>
struct Lanes<float> {
  typedef float V __attribute__((vector_size(32)));
  typedef std::int32_t I __attribute__((vector_size(32)));
  typedef std::int32_t E;
  // The same at any address, for loads and stores in place (memcpy went through the stack).
  typedef float U __attribute__((vector_size(32), aligned(4), may_alias));
  typedef std::int32_t IU __attribute__((vector_size(32), aligned(4), may_alias));
};
template <>
struct Lanes<double> {
  typedef double V __attribute__((vector_size(64)));
  typedef std::int64_t I __attribute__((vector_size(64)));
  typedef std::int64_t E;
  typedef double U __attribute__((vector_size(64), aligned(8), may_alias));
};
constexpr long kLanes = 8;

// Maxima of `count` outputs along a row whose windows lie wholly inside x: the first tap of the first
// at x + first, `step` further each output; the taps at fixed offsets, in window order, Taps of them
// (0: `taps`, known at run time). Eight channels at a time: lanes past the channels read the next
// pixel's values and are stored where the next output overwrites them (the caller keeps both inside x
// and this thread's outputs). Selects, not branches: a strict > keeps the first maximum in window
// order, and NaN never replaces a value (nor is replaced), as in the reference. The index is the
// winning tap's offset, a select of constants, plus the first tap's index.
template <typename T, bool WithIndices, int Taps>
inline __attribute__((always_inline)) void max_pool_run(const T* __restrict x, long first, long step, long count, long channels,
                                                        const long* offsets, long taps, T* __restrict out, std::int32_t* __restrict indices) {
  using V = typename Lanes<T>::V;
  using I = typename Lanes<T>::I;
  using E = typename Lanes<T>::E;
  using U = typename Lanes<T>::U;
  typedef std::int32_t I32 __attribute__((vector_size(kLanes * 4)));
  using IU = typename Lanes<float>::IU;
  const I lane = {0, 1, 2, 3, 4, 5, 6, 7};
  // With Taps known, the offsets (and their index vectors) stay in registers across the row.
  constexpr int kKept = Taps > 0 ? Taps : 1;
  long offset[kKept] = {};
  for (int t = 0; t < kKept; ++t) offset[t] = offsets[t];
  const long n = Taps > 0 ? Taps : taps;
  for (long k = 0; k < count; ++k, first += step, out += channels, indices += WithIndices ? channels : 0) {
    for (long c0 = 0; c0 < channels; c0 += kLanes) {
      const T* p = x + first + c0;
      V best = *reinterpret_cast<const U*>(p);
      I at = I{};
#pragma GCC unroll 16
      for (long t = 1; t < n; ++t) {
        const long off = Taps > 0 ? offset[t] : offsets[t];
        const V v = *reinterpret_cast<const U*>(p + off);
        const I greater = v > best;
        best = greater ? v : best;
        if (WithIndices) at = greater ? I{} + E(off) : at;
      }
      *reinterpret_cast<U*>(out + c0) = best;
      if (WithIndices) *reinterpret_cast<IU*>(indices + c0) = __builtin_convertvector(at + lane + E(first + c0), I32);
    }
  }
}

// Maxima of output rows r0 .. r1 (r = b * out_h + oh): along each row, the outputs whose windows lie
// wholly inside x (all of 'valid' pooling's) by max_pool_run, the others tap by tap, clipped.
template <typename T, bool WithIndices>
NNTS_CLONES void max_pool_rows(const T* __restrict x, T* __restrict out, std::int32_t* __restrict indices, const ConvGeometry& g,
                               const Span* columns, long r0, long r1) {
  const long channels = g.in_c, size = g.input_size();
  const long row_step = long(g.dh) * g.in_w * channels, column_step = long(g.dw) * channels;
  const long end = r1 * g.out_w * channels;  // this thread's outputs end here
  const long taps = long(g.kh) * g.kw, reach = (g.kh - 1) * row_step + (g.kw - 1) * column_step, lanes = (channels + kLanes - 1) / kLanes * kLanes;
  thread_local std::vector<long> offsets;
  offsets.resize(taps);
  for (long t = 0; t < taps; ++t) offsets[t] = t / g.kw * row_step + t % g.kw * column_step;
  // The outputs [whole_lo, whole_hi) of a row have their windows' columns inside x.
  long whole_lo = 0, whole_hi = 0;
  while (whole_lo < g.out_w && columns[whole_lo].hi - columns[whole_lo].lo < g.kw) ++whole_lo;
  for (whole_hi = whole_lo; whole_hi < g.out_w && columns[whole_hi].lo == 0 && columns[whole_hi].hi == g.kw;) ++whole_hi;
  for (long r = r0; r < r1; ++r) {
    const long b = r / g.out_h, oh = r % g.out_h;
    const Span rows = span(oh * g.sh - g.pad_top, g.dh, g.kh, g.in_h);
    long lo = g.out_w, hi = g.out_w;
    // x's offset of the first tap at ow = 0, as if it were inside.
    const long first = ((b * g.in_h + oh * g.sh - g.pad_top) * g.in_w - g.pad_left) * channels, step = long(g.sw) * channels;
    if (rows.lo == 0 && rows.hi == g.kh) {
      lo = whole_lo;
      hi = whole_hi;
      // The vectors of the last outputs may not reach past x, nor past this thread's outputs.
      while (hi > lo && (first + (hi - 1) * step + reach + lanes > size || (r * g.out_w + hi - 1) * channels + lanes > end)) --hi;
      T* o = out + (r * g.out_w + lo) * channels;
      std::int32_t* at = WithIndices ? indices + (r * g.out_w + lo) * channels : nullptr;
      if (taps == 4) {
        max_pool_run<T, WithIndices, 4>(x, first + lo * step, step, hi - lo, channels, offsets.data(), taps, o, at);
      } else {
        max_pool_run<T, WithIndices, 0>(x, first + lo * step, step, hi - lo, channels, offsets.data(), taps, o, at);
      }
    }
    // The others (padding, the ends of x and of this thread's outputs): tap by tap, clipped.
    for (long ow = lo > 0 ? 0 : hi; ow < g.out_w; ow = ow + 1 == lo ? hi : ow + 1) {
      const long o = (r * g.out_w + ow) * channels;
      const Span cols = columns[ow];
      if (rows.lo == rows.hi || cols.lo == cols.hi) {
        for (long c = 0; c < channels; ++c) out[o + c] = -INFINITY;
        if (WithIndices)
          for (long c = 0; c < channels; ++c) indices[o + c] = -1;
        continue;
      }
      const long at = first_tap(g, b, oh, ow, rows, cols);
      for (long c = 0; c < channels; ++c) {
        long best = at + c;
        for (long i = 0; i < rows.hi - rows.lo; ++i)
          for (long j = 0; j < cols.hi - cols.lo; ++j)
            if (x[at + i * row_step + j * column_step + c] > x[best]) best = at + i * row_step + j * column_step + c;
        out[o + c] = x[best];
        if (WithIndices) indices[o + c] = std::int32_t(best);
      }
    }
  }
}

template <typename T>
NNTS_CLONES void avg_pool_rows(const T* __restrict x, T* __restrict out, double* __restrict sum, const ConvGeometry& g, const Span* columns,
                               long r0, long r1) {
  const long channels = g.in_c, row_step = long(g.dh) * g.in_w * channels, column_step = long(g.dw) * channels;
  for (long r = r0; r < r1; ++r) {
    const long b = r / g.out_h, oh = r % g.out_h;
    const Span rows = span(oh * g.sh - g.pad_top, g.dh, g.kh, g.in_h);
    for (long ow = 0; ow < g.out_w; ++ow) {
      const Span cols = columns[ow];
      const long first = first_tap(g, b, oh, ow, rows, cols);
      for (long c = 0; c < channels; ++c) sum[c] = 0;
      for (long i = 0; i < rows.hi - rows.lo; ++i)
        for (long j = 0; j < cols.hi - cols.lo; ++j) {
          const T* __restrict v = x + first + i * row_step + j * column_step;
          for (long c = 0; c < channels; ++c) sum[c] += double(v[c]);
        }
      const double count = double((rows.hi - rows.lo) * (cols.hi - cols.lo));
      T* __restrict o = out + (r * g.out_w + ow) * channels;
      for (long c = 0; c < channels; ++c) o[c] = static_cast<T>(sum[c] / count);
    }
  }
}

// The reference adds dy[o] / count into dx output after output, rounding to T at each addition; the
// outputs of one pixel touch distinct channels, so taking them a pixel at a time keeps every sum's order.
template <typename T>
NNTS_CLONES void avg_pool_backprop_image(const T* __restrict dy, T* __restrict dx, const ConvGeometry& g, const Span* columns, long b) {
  const long channels = g.in_c, row_step = long(g.dh) * g.in_w * channels, column_step = long(g.dw) * channels;
  for (long oh = 0; oh < g.out_h; ++oh) {
    const Span rows = span(oh * g.sh - g.pad_top, g.dh, g.kh, g.in_h);
    for (long ow = 0; ow < g.out_w; ++ow) {
      const Span cols = columns[ow];
      const long first = first_tap(g, b, oh, ow, rows, cols);
      const double count = double((rows.hi - rows.lo) * (cols.hi - cols.lo));
      const T* __restrict d = dy + ((b * g.out_h + oh) * g.out_w + ow) * channels;
      for (long i = 0; i < rows.hi - rows.lo; ++i)
        for (long j = 0; j < cols.hi - cols.lo; ++j) {
          T* __restrict target = dx + first + i * row_step + j * column_step;
          for (long c = 0; c < channels; ++c) target[c] = static_cast<T>(double(target[c]) + double(d[c]) / count);
        }
    }
  }
}

// The smallest and largest of n indices, a loop the compiler vectorises.
NNTS_CLONES void index_range(const std::int32_t* __restrict indices, long n, std::int32_t& low, std::int32_t& high) {
  std::int32_t lo = INT32_MAX, hi = INT32_MIN;
  for (long o = 0; o < n; ++o) {
    lo = indices[o] < lo ? indices[o] : lo;
    hi = indices[o] > hi ? indices[o] : hi;
  }
  low = lo;
  high = hi;
}

}  // namespace

template <typename T>
void max_pool(const T* x, T* out, std::int32_t* indices, const ConvGeometry& g) {
  const Span* columns = column_spans(g);
  split(long(g.batch) * g.out_h, g.input_size(), [&](long lo, long hi) {
    if (indices) {
      max_pool_rows<T, true>(x, out, indices, g, columns, lo, hi);
    } else {
      max_pool_rows<T, false>(x, out, nullptr, g, columns, lo, hi);
    }
  });
}

template <typename T>
bool max_pool_backprop(const T* dy, const std::int32_t* indices, T* dx, long outputs, long inputs) {
  // Each thread takes a contiguous share of the outputs and finds its indices' range: that checks them
  // all against dx before anything is written. Where the shares' ranges are ascending and disjoint (as
  // maxPool2d's are), a thread zeros and fills its own part of dx, and every element still receives
  // its terms in output order; otherwise one thread does it all.
  constexpr int kMost = 64;
  struct Context {
    const T* dy;
    const std::int32_t* indices;
    T* dx;
    long outputs, inputs;
    std::int32_t low[kMost], high[kMost];
    bool inside;
  } context{dy, indices, dx, outputs, inputs, {}, {}, true};
  int threads = outputs >= (1L << 14) ? pool_threads() : 1;
  if (threads > kMost) threads = kMost;
  parallel_run(threads, [](void* c, int t, int n, Barrier& barrier) {
    Context& k = *static_cast<Context*>(c);
    const long o0 = k.outputs * t / n, o1 = k.outputs * (t + 1) / n;
    index_range(k.indices + o0, o1 - o0, k.low[t], k.high[t]);
    barrier.wait();
    bool inside = true, ordered = true;
    for (int u = 0; u < n; ++u) {
      const bool empty = k.low[u] > k.high[u];
      inside = inside && (empty || (k.low[u] >= 0 && k.high[u] < k.inputs));
      ordered = ordered && !empty && (u == 0 || k.high[u - 1] < k.low[u]);
    }
    if (!inside) {
      k.inside = false;
      return;
    }
    if (!ordered && t > 0) return;
    const long from = ordered && t > 0 ? k.low[t] : 0;
    const long to = ordered && t + 1 < n ? k.low[t + 1] : k.inputs;
    const long first = ordered ? o0 : 0, last = ordered ? o1 : k.outputs;
    std::memset(k.dx + from, 0, sizeof(T) * (to - from));
    for (long o = first; o < last; ++o) k.dx[k.indices[o]] += k.dy[o];
  }, &context);
  return context.inside;
}

template <typename T>
void avg_pool(const T* x, T* out, const ConvGeometry& g) {
  const Span* columns = column_spans(g);
  split(long(g.batch) * g.out_h, g.input_size(), [&](long lo, long hi) {
    thread_local std::vector<double> sum;
    if (sum.size() < std::size_t(g.in_c)) sum.resize(g.in_c);
    avg_pool_rows<T>(x, out, sum.data(), g, columns, lo, hi);
  });
}

template <typename T>
void avg_pool_backprop(const T* dy, T* dx, const ConvGeometry& g) {
  const Span* columns = column_spans(g);
  split(g.batch, g.input_size(), [&](long lo, long hi) {
    const long image = long(g.in_h) * g.in_w * g.in_c;
    std::memset(dx + lo * image, 0, sizeof(T) * (hi - lo) * image);
    for (long b = lo; b < hi; ++b) avg_pool_backprop_image<T>(dy, dx, g, columns, b);
  });
}

template void max_pool<float>(const float*, float*, std::int32_t*, const ConvGeometry&);
template void max_pool<double>(const double*, double*, std::int32_t*, const ConvGeometry&);
template bool max_pool_backprop<float>(const float*, const std::int32_t*, float*, long, long);
template bool max_pool_backprop<double>(const double*, const std::int32_t*, double*, long, long);
template void avg_pool<float>(const float*, float*, const ConvGeometry&);
template void avg_pool<double>(const double*, double*, const ConvGeometry&);
template void avg_pool_backprop<float>(const float*, float*, const ConvGeometry&);
template void avg_pool_backprop<double>(const double*, double*, const ConvGeometry&);

}  // namespace nnts
