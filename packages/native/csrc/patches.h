// The patch matrix P of a convolution, read straight from the NHWC input, never stored whole. Row p is
// output pixel (b, oh, ow); column e is tap element (i, j, c), e = (i * kw + j) * in_c + c; and
// P(p, e) = x[b, oh * sh - pad_top + i * dh, ow * sw - pad_left + j * dw, c], zero outside the image.
// With dw = 1 the kw taps of one kernel row are side by side in the image, so a row of P is kh runs of
// kw * in_c values: packing is copying runs, a vector at a time (the run helpers here serve every
// convolution kernel). Included after gemm_kernel.h by each gemm_<isa>.cc, for its kernel traits K,
// inside the instruction set's anonymous namespace.

template <class K>
struct Patches {
  using T = typename K::T;
  static constexpr int L = K::L;

  const T* x;
  const nnts::ConvGeometry& g;

#define NNTS_INLINE inline __attribute__((always_inline))
#define NNTS_INLINE_LAMBDA __attribute__((always_inline))
  // Runs of n values: whole vectors, then the first lanes of one more (runs are often a few channels).
  NNTS_INLINE static void copy(T* dst, const T* src, long n) {
    long q = 0;
    for (; q + L <= n; q += L) K::store(dst + q, K::load(src + q));
    if (q < n) K::store_n(dst + q, K::load_n(src + q, int(n - q)), int(n - q));
  }
  NNTS_INLINE static void zero(T* dst, long n) {
    long q = 0;
    for (; q + L <= n; q += L) K::store(dst + q, K::zero());
    if (q < n) K::store_n(dst + q, K::zero(), int(n - q));
  }
  NNTS_INLINE static void add(T* dst, const T* src, long n) {
    long q = 0;
    for (; q + L <= n; q += L) K::store(dst + q, K::add(K::load(dst + q), K::load(src + q)));
    if (q < n) K::store_n(dst + q, K::add(K::load_n(dst + q, int(n - q)), K::load_n(src + q, int(n - q))), int(n - q));
  }
  // n values copied from src, or zeros where src is null.
  NNTS_INLINE static void put(T* dst, const T* src, long n) {
    if (src) {
      copy(dst, src, n);
    } else {
      zero(dst, n);
    }
  }
  // The same with whole-vector stores (only the loads are masked): up to L - 1 zeros land past the n
  // values. For scratch filled in increasing order, where what lies past a run is written later or
  // must be zero, and the end has kSlack to spare: a plain store costs less than a masked one.
  static constexpr long kSlack = 2 * L;
  NNTS_INLINE static void copy_spill(T* dst, const T* src, long n) {
    long q = 0;
    for (; q + L <= n; q += L) K::store(dst + q, K::load(src + q));
    if (q < n) K::store(dst + q, K::load_n(src + q, int(n - q)));
  }
  NNTS_INLINE static void zero_spill(T* dst, long n) {
    for (long q = 0; q < n; q += L) K::store(dst + q, K::zero());
  }
  NNTS_INLINE static void put_spill(T* dst, const T* src, long n) {
    if (src) {
      copy_spill(dst, src, n);
    } else {
      zero_spill(dst, n);
    }
  }
  static long clamp(long v, long lo, long hi) { return v < lo ? lo : v > hi ? hi : v; }

  // An output pixel, walked in row-major order without divisions.
  struct Pixel {
    int b, oh, ow;
  };
  Pixel pixel(long p) const {
    const long per_image = long(g.out_h) * g.out_w;
    const long rest = p % per_image;
    return {int(p / per_image), int(rest / g.out_w), int(rest % g.out_w)};
  }
  void next(Pixel& px, int steps = 1) const {
    px.ow += steps;
    while (px.ow >= g.out_w) {
      px.ow -= g.out_w;
      if (++px.oh == g.out_h) px.oh = 0, ++px.b;
    }
  }

  long run() const { return long(g.kw) * g.in_c; }    // the elements of one kernel row
  long width() const { return long(g.in_w) * g.in_c; }  // the elements of one image row

  // Visits P(px, e0 .. e1) as runs, in order: visit(at, src, n) for the n values at .. at + n (counted
  // from e0), which are src[0 .. n) of the image, or zeros where src is null.
  template <class Visit>
  NNTS_INLINE void runs(const Pixel& px, long e0, long e1, const Visit& visit) const {
    const long run = this->run(), width = this->width();
    const T* image = x + long(px.b) * g.in_h * width;
    const long ih0 = long(px.oh) * g.sh - g.pad_top;
    const long iw0 = long(px.ow) * g.sw - g.pad_left;
    long i = e0 / run, off = e0 - i * run;
    for (long at = 0; at < e1 - e0; ++i, off = 0) {
      const long take = run - off < e1 - e0 - at ? run - off : e1 - e0 - at;
      const long ih = ih0 + i * g.dh;
      if (ih < 0 || ih >= g.in_h) {
        visit(at, nullptr, take);
      } else if (g.dw == 1) {
        // One run of the image row, clipped to it: zeros where the window hangs over its ends.
        const long start = iw0 * g.in_c + off;
        const long lo = clamp(-start, 0, take), hi = clamp(width - start, lo, take);
        if (lo > 0) visit(at, nullptr, lo);
        if (hi > lo) visit(at + lo, image + ih * width + start + lo, hi - lo);
        if (take > hi) visit(at + hi, nullptr, take - hi);
      } else {
        for (long q = 0; q < take;) {
          const long j = (off + q) / g.in_c, c = off + q - j * g.in_c;
          const long n = g.in_c - c < take - q ? g.in_c - c : take - q;
          const long iw = iw0 + j * g.dw;
          visit(at + q, iw < 0 || iw >= g.in_w ? nullptr : image + ih * width + iw * g.in_c + c, n);
          q += n;
        }
      }
      at += take;
    }
  }

  // Whether the whole window of px lies inside the image.
  bool inside(const Pixel& px) const {
    const long ih0 = long(px.oh) * g.sh - g.pad_top, iw0 = long(px.ow) * g.sw - g.pad_left;
    return ih0 >= 0 && ih0 + long(g.kh - 1) * g.dh < g.in_h && iw0 >= 0 && iw0 + long(g.kw - 1) * g.dw < g.in_w;
  }

  // dst[0 .. e1 - e0) = P(px, e0 .. e1), in increasing order with whole vectors (see copy_spill). A
  // window inside the image (all of a 'valid' convolution's) is kh runs, copied without a test.
  void row(const Pixel& px, long e0, long e1, T* dst) const {
    if (g.dw == 1 && e0 == 0 && e1 == taps() && inside(px)) {
      const long run = this->run(), width = this->width();
      const T* src = x + ((long(px.b) * g.in_h + long(px.oh) * g.sh - g.pad_top) * g.in_w + long(px.ow) * g.sw - g.pad_left) * g.in_c;
      for (long i = 0; i < g.kh; ++i) copy_spill(dst + i * run, src + i * g.dh * width, run);
      return;
    }
    runs(px, e0, e1, [dst](long at, const T* src, long n) NNTS_INLINE_LAMBDA { put_spill(dst + at, src, n); });
  }

  long taps() const { return g.taps(); }

  // The adjoint of row(): dx += P(px, ·)'s values `src` (all taps() of them), where row() read them.
  void add_row(T* dx, const Pixel& px, const T* src) const {
    const long run = this->run(), width = this->width();
    T* image = dx + long(px.b) * g.in_h * width;
    const long ih0 = long(px.oh) * g.sh - g.pad_top;
    const long iw0 = long(px.ow) * g.sw - g.pad_left;
    for (long i = 0; i < g.kh; ++i, src += run) {
      const long ih = ih0 + i * g.dh;
      if (ih < 0 || ih >= g.in_h) continue;
      if (g.dw == 1) {
        const long start = iw0 * g.in_c;
        const long lo = clamp(-start, 0, run), hi = clamp(width - start, lo, run);
        add(image + ih * width + start + lo, src + lo, hi - lo);
      } else {
        for (long j = 0; j < g.kw; ++j) {
          const long iw = iw0 + j * g.dw;
          if (iw >= 0 && iw < g.in_w) add(image + ih * width + iw * g.in_c, src + j * g.in_c, g.in_c);
        }
      }
    }
  }

  // W-wide panels of P's rows p0 .. p0 + kc (the K side of Pᵀ @ dy): panel q at dst + q * stride holds
  // [kk * W + r] = P(p0 + kk, e0 + q * W + r), zero from e1 on. One panel is filled row after row with
  // whole vectors (dst needs kSlack past its end). For several, runs that split into whole panels
  // (in_c a multiple of W) are dealt out W at a time with fixed-size copies; other rows of P are
  // first copied into `row` (scratch for e1 - e0 values rounded up to W, plus kSlack) in long runs,
  // then dealt out: cutting short runs where panels meet would copy a few values at a time.
  template <int W>
  void panels(long p0, int kc, long e0, long e1, T* dst, long stride, T* row) const {
    const long n = e1 - e0, whole = (n + W - 1) / W * W;
    // Runs (and the parts the image edges cut off) start on whole taps: on a panel's first column when
    // W divides the channels.
    const bool aligned = g.in_c % W == 0 && e0 % W == 0;
    Pixel px = pixel(p0);
    for (int kk = 0; kk < kc; ++kk, next(px)) {
      if (n > W && aligned) {
        T* target = dst + kk * W;
        runs(px, e0, e1, [target, stride](long at, const T* src, long count) NNTS_INLINE_LAMBDA {
          T* d = target + at / W * stride;  // runs start on a panel's first column
          for (long q = 0; q < count; q += W, d += stride) {
            if (count - q >= W) {
              if (src) {
                std::memcpy(d, src + q, sizeof(T) * W);
              } else {
                std::memset(d, 0, sizeof(T) * W);
              }
            } else {
              put(d, src ? src + q : nullptr, count - q);
              zero(d + count - q, W - (count - q));
            }
          }
        });
        continue;
      }
      T* target = n <= W ? dst + kk * W : row;
      this->row(px, e0, e1, target);
      for (long v = n; v < whole; v += L) K::store(target + v, K::zero());
      if (n <= W) continue;
      for (long q = 0; q * W < n; ++q) std::memcpy(dst + q * stride + kk * W, row + q * W, sizeof(T) * W);
    }
  }
};

#undef NNTS_INLINE
#undef NNTS_INLINE_LAMBDA
