// The three products of a convolution whose windows all lie inside the image ('valid') with P, or dP,
// never stored: where C is not a multiple of the vector width, packing P cost about as much as the
// multiply-adds (LeNet's second layer: runs of 30 values cut into panels of 16). Included after
// conv_base.h by each gemm_<isa>.cc, for its kernel traits K.
//
// With dw = 1 the kw·C taps of kernel row i are side by side in the image, at a fixed offset from each
// pixel's first: P(p, i·kw·C + j) = x[base(p) + i·dh·in_w·C + j]. So the micro-kernel reads P in place:
//   forward  broadcasts P(p, e) = x[base(p) + offset(e)] for the pixels of an output row, sw·C apart;
//   filter   dkernelᵀ = dyᵀ @ P a kernel row at a time, B = P read in place (TapsB, offsets = bases);
//   input    dP = dy @ kernelᵀ a kernel row at a time, each tile's sums added straight into dx.

template <class K>
struct ConvInPlace : ConvBase<K> {
  using B = ConvBase<K>;
  using typename B::Dest;
  using typename B::Image;
  using typename B::Layout;
  using typename B::Pixel;
  using typename B::T;
  using G = typename B::G;
  using B::ceil;
  using B::KC;
  using B::L;
  using B::min;
  using B::panel_stride;
  using B::scratch;
  using B::share;

  // Every window inside the image, and kernel rows contiguous in it (dw = 1).
  static bool inside(const nnts::ConvGeometry& g) {
    return g.dw == 1 && g.pad_top == 0 && g.pad_left == 0 && long(g.out_h - 1) * g.sh + long(g.kh - 1) * g.dh < g.in_h &&
           long(g.out_w - 1) * g.sw + g.kw - 1 < g.in_w;
  }
  // For the forward and the filter gradient, C not a multiple of the vector width too (else packing is
  // whole vectors, and cheap).
  static bool forward_applies(const nnts::ConvGeometry& g) { return inside(g) && g.in_c % L != 0; }
  static bool filter_applies(const nnts::ConvGeometry& g) { return inside(g) && g.in_c % L != 0; }
  // For the input gradient, the filters in one K block.
  static bool input_applies(const nnts::ConvGeometry& g) { return inside(g) && g.out_c <= KC; }
  // Pixels per tile (forward, input gradient): an output row in equal parts of at most `most`.
  static long row_part(const nnts::ConvGeometry& g, int most) { return ceil(g.out_w, ceil(g.out_w, most)); }
  // Multiply-adds (lanes) per output row with tiles of at most `most` pixels by W taps.
  static long input_cost(const nnts::ConvGeometry& g, int most, int W) {
    const long rows = row_part(g, most);
    return ceil(g.out_w, rows) * rows * g.kh * ceil(long(g.kw) * g.in_c, W) * W;
  }
  // Multiply-adds (lanes) per output row and tap, with tiles of at most `most` pixels by L filters.
  static long forward_cost(const nnts::ConvGeometry& g, int most) {
    const long rows = row_part(g, most);
    return ceil(g.out_w, rows) * rows * ceil(g.out_c, L) * L;
  }
  // Multiply-adds (lanes) per pixel with R x W tiles.
  static long filter_cost(const nnts::ConvGeometry& g, int R, int W) { return ceil(g.out_c, R) * R * g.kh * ceil(long(g.kw) * g.in_c, W) * W; }

  // ---- forward ----------------------------------------------------------------------------------

  // out = P @ kernel + bias, the micro-kernel broadcasting P from the image (Layout::strided_taps): a
  // tile is R pixels of one output row, sw·C apart, by L filters. An output row in equal parts of R;
  // where R does not divide it, the last part starts R from its end and recomputes a few pixels whole,
  // the same sums, rather than read pixels past the row. Threads split the output rows.
  template <int R>
  static void forward(const nnts::ConvArgs<T>& a, int t, int threads) {
    const nnts::ConvGeometry& g = a.g;
    const long taps = g.taps(), f = g.out_c, n = long(g.out_w) * f, panels = ceil(f, L);
    long r0, r1;
    share(long(g.batch) * g.out_h, t, threads, r0, r1);
    if (r0 >= r1) return;
    // The kernel, every K block and panel (block pc at pc * per, panel j at j * panel_stride in it).
    const long per = panels * panel_stride(L, int(KC));
    T* packed_b = scratch(0, ceil(taps, KC) * per);
    for (long pc = 0; pc < taps; pc += KC) {
      const int kc = int(min(KC, taps - pc));
      B::template pack_rows<L>(a.kernel, f, pc, kc, 0, f, packed_b + pc / KC * per, panel_stride(L, kc));
    }
    thread_local std::vector<int> offsets;
    offsets.resize(taps);
    for (long e = 0; e < taps; ++e) {
      const long i = e / (long(g.kw) * g.in_c), j = e / g.in_c % g.kw, c = e % g.in_c;
      offsets[e] = int((i * g.dh * g.in_w + j * g.dw) * g.in_c + c);
    }
    const long stride = long(g.sw) * g.in_c;
    for (long r = r0; r < r1; ++r) {
      const long b = r / g.out_h, oh = r % g.out_h;
      for (long part = 0; part < g.out_w; part += R) {
        const long ow = min(part, g.out_w - R), p = r * g.out_w + ow;
        const T* first = a.x + ((b * g.in_h + oh * g.sh) * g.in_w + ow * g.sw) * g.in_c;
        for (long pc = 0; pc < taps; pc += KC) {
          const int kc = int(min(KC, taps - pc));
          for (long q = 0; q < panels; ++q) {
            const Dest d{a.out + p * f + q * L, f, 1, a.bias ? a.bias + q * L : nullptr, false};
            G::template tile<R, 1, Layout::strided_taps>(kc, first, packed_b + pc / KC * per + q * panel_stride(L, kc), d, R, int(min(L, f - q * L)),
                                                         pc == 0, offsets.data() + pc, stride);
          }
        }
      }
      if (a.activated) nnts::activation_block(a.activation, a.out + r * n, a.activated + r * n, g.out_w, f, f, a.alpha);
    }
  }

  // The same with R chosen at run time (at most the narrow tile's MR·NV rows).
  static void forward(const nnts::ConvArgs<T>& a, int t, int threads) {
    switch (row_part(a.g, K::MR * K::NV)) {
#define NNTS_ROWS(r) \
  case r:            \
    return forward<(r <= K::MR * K::NV ? r : K::MR * K::NV)>(a, t, threads);
      NNTS_ROWS(1)
      NNTS_ROWS(2)
      NNTS_ROWS(3)
      NNTS_ROWS(4)
      NNTS_ROWS(5)
      NNTS_ROWS(6)
      NNTS_ROWS(7)
      NNTS_ROWS(8)
      NNTS_ROWS(9)
      NNTS_ROWS(10)
      NNTS_ROWS(11)
      NNTS_ROWS(12)
      NNTS_ROWS(13)
      NNTS_ROWS(14)
      NNTS_ROWS(15)
#undef NNTS_ROWS
      default:
        return forward<K::MR * K::NV>(a, t, threads);
    }
  }

  // ---- filter gradient --------------------------------------------------------------------------

  // dkernel = Pᵀ @ dy, K the pixels in blocks of KC, threads splitting the blocks (ConvBase::sum_blocks).
  // Tiles: R filters by W = NVt·L taps of one kernel row, stored transposed.
  template <int R, int NVt>
  static void filter(const nnts::ConvArgs<T>& a, nnts::ConvShared<T>& shared, int t, int threads, nnts::Barrier& barrier) {
    constexpr int W = NVt * L;
    const nnts::ConvGeometry& g = a.g;
    const long f = g.out_c, pixels = g.pixels(), blocks = ceil(pixels, KC), size = g.taps() * f;
    const long run = long(g.kw) * g.in_c, row_step = long(g.dh) * g.in_w * g.in_c, filter_tiles = ceil(f, R), panels = ceil(run, W);
    const bool split = threads > 1 && blocks >= 2 * threads;
    if (!split && t > 0) return;  // too few blocks to share: thread 0 does them all
    thread_local std::vector<int> offsets;
    offsets.resize(KC);
    T* packed_a = scratch(0, filter_tiles * panel_stride(R, int(KC)));
    T* packed_b = scratch(1, W * KC);  // a block's panel, where reading in place would pass x's end
    const Image image{a.x, g};
    auto multiply = [&](long blk, T* dst, bool first) {
      const long pc = blk * KC;
      const int kc = int(min(KC, pixels - pc));
      Pixel px = image.pixel(pc);
      for (int kk = 0; kk < kc; ++kk, image.next(px))
        offsets[kk] = int(((long(px.b) * g.in_h + long(px.oh) * g.sh) * g.in_w + long(px.ow) * g.sw) * g.in_c);
      B::template pack_rows<R>(a.dy, f, pc, kc, 0, f, packed_a, panel_stride(R, kc));
      // The last pixels' whole vectors may read past x's end: that block packs its panels instead.
      const bool packs = offsets[kc - 1] + (g.kh - 1) * row_step + panels * W > g.input_size();
      for (long i = 0; i < g.kh; ++i)
        for (long q = 0; q < panels; ++q) {
          const long j0 = q * W, cols = min(W, run - j0);
          const T* b = a.x + i * row_step + j0;
          if (packs) {
            for (int kk = 0; kk < kc; ++kk) {
              Image::copy(packed_b + kk * W, b + offsets[kk], cols);
              Image::zero(packed_b + kk * W + cols, W - cols);
            }
          }
          for (long r = 0; r < filter_tiles; ++r) {
            const Dest d{dst + (i * run + j0) * f + r * R, 1, f, nullptr, false};
            const T* panel = packed_a + r * panel_stride(R, kc);
            const int rows = int(min(R, f - r * R));
            if (packs) {
              G::template tile<R, NVt, Layout::panels>(kc, panel, packed_b, d, rows, int(cols), first);
            } else {
              G::template tile<R, NVt, Layout::panels, true>(kc, panel, b, d, rows, int(cols), first, offsets.data());
            }
          }
        }
    };
    B::sum_blocks(blocks, size, a.out, split, shared, t, threads, barrier, multiply);
  }

  // ---- input gradient ---------------------------------------------------------------------------

  // dx, as Conv::input sums it (each pixel's dP row, an FMA chain over the filters, added where its
  // patch lay, pixel after pixel) without storing dP: the tiles are R pixels of one output row by W
  // taps of one kernel row, and add their sums straight into dx, pixel after pixel. Pixels of one output
  // row reach an element of dx through one kernel row only, later pixels through earlier taps; so with
  // the panels of taps taken from the last, every element still receives its terms in pixel order.
  // Threads split the samples.
  template <int R, int NVt>
  static void input(const nnts::ConvArgs<T>& a, int t, int threads) {
    constexpr int W = NVt * L;
    const nnts::ConvGeometry& g = a.g;
    const long f = g.out_c, run = long(g.kw) * g.in_c, panels = ceil(run, W), row_step = long(g.dh) * g.in_w * g.in_c;
    const long image_size = long(g.in_h) * g.in_w * g.in_c;
    long s0, s1;
    share(g.batch, t, threads, s0, s1);
    if (s0 >= s1) return;
    // kernelᵀ by kernel row i and panel q: [kk * W + j] = kernel[(i * run + q * W + j) * f + kk], zero past the row.
    const long stride = panel_stride(W, int(f));
    T* packed_b = scratch(0, g.kh * panels * stride);
    for (long i = 0; i < g.kh; ++i)
      for (long q = 0; q < panels; ++q) {
        T* panel = packed_b + (i * panels + q) * stride;
        for (long kk = 0; kk < f; ++kk)
          for (long j = 0; j < W; ++j) panel[kk * W + j] = q * W + j < run ? a.kernel[((i * run + q * W + j) * f + kk)] : T(0);
      }
    // dy's rows for R pixels, in the micro-kernel's row layout; rows past an output row's end stay zero.
    T* packed_a = scratch(1, R * KC);
    Image::zero(packed_a, R * KC);
    Image::zero(a.out + s0 * image_size, (s1 - s0) * image_size);
    for (long b = s0; b < s1; ++b)
      for (long oh = 0; oh < g.out_h; ++oh)
        for (long ow = 0; ow < g.out_w; ow += R) {
          const int rows = int(min(R, g.out_w - ow));
          const long p = (b * g.out_h + oh) * g.out_w + ow;
          for (int r = 0; r < rows; ++r) Image::copy(packed_a + r * KC, a.dy + (p + r) * f, f);
          for (int r = rows; r < R; ++r) Image::zero(packed_a + r * KC, f);
          T* dx = a.out + ((b * g.in_h + oh * g.sh) * g.in_w + ow * g.sw) * g.in_c;
          // A later pixel reaches an element of dx through an earlier tap (j - C·sw): panels from the last.
          for (long i = 0; i < g.kh; ++i)
            for (long q = panels - 1; q >= 0; --q) {
              const Dest d{dx + i * row_step + q * W, long(g.sw) * g.in_c, 1, nullptr, false};
              G::template tile<R, NVt, Layout::rows>(int(f), packed_a, packed_b + (i * panels + q) * stride, d, rows, int(min(W, run - q * W)), false);
            }
        }
  }

  // The same with R chosen at run time (at most MR): an output row in equal parts.
  static void input(const nnts::ConvArgs<T>& a, int t, int threads) {
    switch (row_part(a.g, K::MR)) {
#define NNTS_ROWS(r) \
  case r:            \
    return input<(r <= K::MR ? r : K::MR), K::NV>(a, t, threads);
      NNTS_ROWS(1)
      NNTS_ROWS(2)
      NNTS_ROWS(3)
      NNTS_ROWS(4)
      NNTS_ROWS(5)
      NNTS_ROWS(6)
      NNTS_ROWS(7)
#undef NNTS_ROWS
      default:
        return input<K::MR, K::NV>(a, t, threads);
    }
  }
};
