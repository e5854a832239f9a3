// The forward convolution of one channel with stride 1 (the first layer of an MNIST network), read in
// place from zero-padded copies of the images instead of packed: a row of P is only kh·kw values, too
// few to pack cheaply, while in a padded image the pixels of an output row lie side by side and every
// tap is a fixed offset from its pixel. Included after conv_base.h by each gemm_<isa>.cc, for its
// kernel traits K.

template <class K>
struct ConvImage : ConvBase<K> {
  using B = ConvBase<K>;
  using typename B::Dest;
  using typename B::Layout;
  using typename B::T;
  using G = typename B::G;
  using B::ceil;
  using B::L;
  using B::min;
  using B::share;

  // out = P @ kernel: the micro-kernel broadcasts A straight from the padded image (Layout::taps), an
  // R-pixel tile of an output row at a time. Threads split the output rows (b, oh).
  template <int R, int NVt>
  static void forward(const nnts::ConvArgs<T>& a, int t, int threads) {
    constexpr int W = NVt * L;
    const nnts::ConvGeometry& g = a.g;
    const long k = g.taps();
    const int n = g.out_c;
    long r0, r1;
    share(long(g.batch) * g.out_h, t, threads, r0, r1);
    if (r0 >= r1) return;
    const long stride = B::panel_stride(W, int(k));
    T* packed_b = B::scratch(0, ceil(n, W) * stride);
    B::template pack_rows<W>(a.kernel, n, 0, int(k), 0, n, packed_b, stride);
    // A tile of R pixels may read R - 1 past the end of an output row, into values it never stores.
    T* pad = B::scratch(2, B::padded_height(g) * B::padded_width(g) + R);
    const int* offsets = B::tap_offsets(g);
    const Dest d{a.out, n, 1, a.bias, false};
    long loaded = -1;
    for (long r = r0; r < r1; ++r) {
      const long b = r / g.out_h, oh = r % g.out_h;
      if (b != loaded) B::fill_padded(a.x + b * g.in_h * g.in_w, g, pad), loaded = b;
      const T* row = pad + oh * g.sh * B::padded_width(g);
      for (int ow = 0; ow < g.out_w; ow += R)
        for (int j = 0; j < n; j += W)
          G::template tile<R, NVt, Layout::taps>(int(k), row + ow, packed_b + j / W * stride, d.at(r * g.out_w + ow, j), int(min(R, g.out_w - ow)),
                                                 int(min(W, n - j)), true, offsets);
      epilogue(a, r);
    }
  }

  // The same the other way round, outᵀ = kernelᵀ @ Pᵀ, for few filters: they fill a tile's rows and an
  // output row's pixels its columns, read in place (TapsB); the tile is stored transposed.
  template <int R, int NVt>
  static void forward_across(const nnts::ConvArgs<T>& a, int t, int threads) {
    constexpr int W = NVt * L;
    const nnts::ConvGeometry& g = a.g;
    const long k = g.taps();
    const int n = g.out_c;
    long r0, r1;
    share(long(g.batch) * g.out_h, t, threads, r0, r1);
    if (r0 >= r1) return;
    const long stride = B::panel_stride(R, int(k));
    T* packed_a = B::scratch(0, ceil(n, R) * stride);
    B::template pack_rows<R>(a.kernel, n, 0, int(k), 0, n, packed_a, stride);
    // A tile of W pixels may read W - 1 past the end of an output row, into values it never stores.
    T* pad = B::scratch(2, B::padded_height(g) * B::padded_width(g) + W);
    const int* offsets = B::tap_offsets(g);
    const Dest d{a.out, 1, n, a.bias, true};
    long loaded = -1;
    for (long r = r0; r < r1; ++r) {
      const long b = r / g.out_h, oh = r % g.out_h;
      if (b != loaded) B::fill_padded(a.x + b * g.in_h * g.in_w, g, pad), loaded = b;
      const T* row = pad + oh * g.sh * B::padded_width(g);
      for (int ow = 0; ow < g.out_w; ow += W)
        for (int i = 0; i < n; i += R)
          G::template tile<R, NVt, Layout::panels, true>(int(k), packed_a + i / R * stride, row + ow, d.at(i, r * g.out_w + ow), int(min(R, n - i)),
                                                         int(min(W, g.out_w - ow)), true, offsets);
      epilogue(a, r);
    }
  }

  // The forward's activation, on output row r while it is in cache.
  static void epilogue(const nnts::ConvArgs<T>& a, long r) {
    if (!a.activated) return;
    const long at = r * a.g.out_w * a.g.out_c;
    nnts::activation_block(a.activation, a.out + at, a.activated + at, a.g.out_w, a.g.out_c, a.g.out_c, a.alpha);
  }
};
