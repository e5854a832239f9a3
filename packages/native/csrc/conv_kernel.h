// The three products of a convolution layer on the GEMM's micro-kernel (gemm_kernel.h), for the same
// kernel traits K; included after conv_in_place.h by each gemm_<isa>.cc. With P the patch matrix
// (patches.h) and the kernel viewed as a [taps, filters] matrix:
//
//   forward   out[pixels, F] = P @ kernel + bias, with the activation epilogue
//   filter    dkernel[taps, F] = Pᵀ @ dy
//   input     dP = dy @ kernelᵀ, a block of rows at a time, each row added back where P read it (col2im)
//
// P is packed straight from the image into the panels the micro-kernel reads, or read in place: from
// zero-padded copies of one-channel images (conv_image.h, conv_expanded.h), or from the image itself
// where every window lies inside it (conv_in_place.h). A product may be computed the other way round
// (Cᵀ = Bᵀ·Aᵀ, stored transposed) or with a narrow tile of one vector column when that wastes fewer
// lanes: few filters leave most of a 32-wide tile empty. None of this changes a sum: every element is
// still summed in the order of gemm_kernel.h, which depends on the shapes alone, so results are the
// same on any instruction set and thread count. Threads never share packed panels: each packs what it
// needs (the kernel is small), so a product needs no barrier unless it splits K.

template <class K>
struct Conv : ConvBase<K> {
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
  using B::MR;
  using B::NMR;
  using B::NR;
  using B::NV;
  using B::padded;
  using B::panel_stride;
  using B::scratch;
  using B::share;
  using Direct = ConvImage<K>;
  using Expanded = ConvExpanded<K>;
  using InPlace = ConvInPlace<K>;

  // Zeros rows mc .. (a whole tile) of a row-layout A block, so that no garbage enters a tile.
  template <int R>
  static void pad_rows(T* packed_a, int mc, int kc) {
    for (long r = mc; r < ceil(mc, R) * R; ++r) Image::zero_spill(packed_a + r * KC, kc);
  }

  // ---- forward ----------------------------------------------------------------------------------

  // out = P @ kernel: threads split the rows (pixels); each packs the whole kernel once, and P's rows
  // as they lie in the image, runs of taps (row layout).
  template <int R, int NVt>
  static void forward_rows(const nnts::ConvArgs<T>& a, int t, int threads) {
    constexpr int W = NVt * L;
    constexpr long MC = B::template mc_rows<R>();
    const nnts::ConvGeometry& g = a.g;
    const Image image{a.x, g};
    const long m = g.pixels(), k = g.taps();
    const int n = g.out_c;
    long r0, r1;
    share(ceil(m, R), t, threads, r0, r1);
    const long m0 = r0 * R, m1 = min(m, r1 * R);
    if (m0 >= m1) return;
    // The kernel, every K block and panel (block pc at pc * per, panel j at j / W * stride in it).
    const long panels = ceil(n, W), per = panels * panel_stride(W, int(KC));
    T* packed_b = scratch(0, ceil(k, KC) * per);
    for (long pc = 0; pc < k; pc += KC) {
      const int kc = int(min(KC, k - pc));
      B::template pack_rows<W>(a.kernel, n, pc, kc, 0, n, packed_b + pc / KC * per, panel_stride(W, kc));
    }
    T* packed_a = scratch(1, ceil(MC, R) * R * KC);
    const Dest d{a.out, n, 1, a.bias, false};
    for (long ic = m0; ic < m1; ic += MC) {
      const int mc = int(min(MC, m1 - ic));
      for (long pc = 0; pc < k; pc += KC) {
        const int kc = int(min(KC, k - pc));
        Pixel px = image.pixel(ic);
        for (int r = 0; r < mc; ++r, image.next(px)) image.row(px, pc, pc + kc, packed_a + r * KC);
        pad_rows<R>(packed_a, mc, kc);
        for (int j = 0; j < n; j += W)
          for (int ir = 0; ir < mc; ir += R)
            G::template tile<R, NVt, Layout::rows>(kc, packed_a + ir * KC, packed_b + pc / KC * per + j / W * panel_stride(W, kc), d.at(ic + ir, j),
                                                   int(min(R, mc - ir)), int(min(W, n - j)), pc == 0);
      }
      if (a.activated) nnts::activation_block(a.activation, a.out + ic * n, a.activated + ic * n, mc, n, n, a.alpha);
    }
  }

  // ---- filter gradient --------------------------------------------------------------------------

  // Pᵀ's rows e0 .. e0 + count for pixels px .. px + kc, in row layout (tap e0 + e at dst + e * KC), from
  // one channel's padded images, where each tap's pixels of an output row are a run. Row after row in
  // increasing order, so the whole vectors' spills land where a later run writes.
  static void pack_taps(const nnts::ConvGeometry& g, const T* padded, Pixel px, int kc, long e0, int count, T* dst) {
    struct Run {
      long from;  // in the padded images
      int at, length;
    };
    Run runs[KC];
    int n = 0;
    const long hp = B::padded_height(g), wp = B::padded_width(g);
    for (int at = 0; at < kc; ++n) {
      const int length = int(min(kc - at, g.out_w - px.ow));
      runs[n] = {(px.b * hp + long(px.oh) * g.sh) * wp + px.ow, at, length};
      at += length;
      Image{nullptr, g}.next(px, length);
    }
    const int* offsets = B::tap_offsets(g);
    for (int e = 0; e < count; ++e)
      for (int r = 0; r < n; ++r) Image::copy_spill(dst + e * KC + runs[r].at, padded + runs[r].from + offsets[e0 + e], runs[r].length);
  }

  // dkernel = Pᵀ @ dy (rows taps, columns filters), or with Across dkernelᵀ = dyᵀ @ P (rows filters);
  // K is the pixels. P is packed pixel by pixel, runs of taps; with PixelRuns (one channel, stride 1,
  // not Across) Pᵀ is packed in row layout tap by tap from padded images, where a row of P would be
  // too short to copy well. Threads split the K blocks (small kernels), else the rows, else the column
  // panels. When they split K, each block's sums go to a partial of their own and are added up in
  // block order afterwards, the very additions a single thread does.
  template <int R, int NVt, bool Across, bool PixelRuns = false>
  static void filter(const nnts::ConvArgs<T>& a, nnts::ConvShared<T>& shared, int t, int threads, nnts::Barrier& barrier) {
    constexpr int W = NVt * L;
    const nnts::ConvGeometry& g = a.g;
    const Image image{a.x, g};
    const long taps = g.taps(), pixels = g.pixels(), size = taps * g.out_c;
    const int f = g.out_c;
    const long m = Across ? f : taps, n = Across ? taps : f;
    const long row_tiles = ceil(m, R), panels = ceil(n, W), blocks = ceil(pixels, KC);
    long r0 = 0, r1 = row_tiles, q0 = 0, q1 = panels;
    bool split_k = false;
    if (threads > 1) {
      // A small kernel gradient: splitting K lets each thread pack whole rows of P (its own pixels') at
      // the price of a few partial sums; splitting a handful of rows would cut every row of P in parts.
      if (size <= (1 << 14) && blocks >= 2 * threads) {
        split_k = true;
      } else if (row_tiles >= 4 * threads || row_tiles % threads == 0) {
        share(row_tiles, t, threads, r0, r1);
      } else if (panels >= 4 * threads || panels % threads == 0) {
        share(panels, t, threads, q0, q1);
      } else if (blocks >= 2 * threads) {
        split_k = true;
      } else {
        share(row_tiles, t, threads, r0, r1);
      }
    }
    const long m0 = r0 * R, m1 = min(m, r1 * R), n0 = q0 * W, n1 = min(n, q1 * W);
    // A thread's rows in one block where they fit in a few times the GEMM's: each row of P is then
    // packed whole, in long runs, and once.
    const long MC = m1 - m0 <= 4 * B::template mc_rows<R>() ? ceil(m1 - m0, R) * R : B::template mc_rows<R>();
    const Dest d = Across ? Dest{a.out, 1, f, nullptr, false} : Dest{a.out, f, 1, nullptr, false};
    T* packed_b = scratch(0, (q1 - q0) * panel_stride(W, int(KC)));
    T* packed_a = scratch(1, ceil(MC, R) * panel_stride(R, int(KC)));
    T* row = scratch(2, ceil(taps, W) * W + ceil(taps, R) * R);
    // Packs columns from .. to of P (patch elements) or of dy (filters), for pixels pc .. pc + kc.
    auto pack = [&](bool patches, auto width, long pc, int kc, long from, long to, T* dst) {
      constexpr int w = decltype(width)::value;
      if (patches) {
        image.template panels<w>(pc, kc, from, to, dst, panel_stride(w, kc), row);
      } else {
        B::template pack_rows<w>(a.dy, f, pc, kc, from, to, dst, panel_stride(w, kc));
      }
    };
    auto multiply = [&](long blk, const Dest& into, bool first) {
      const long pc = blk * KC;
      const int kc = int(min(KC, pixels - pc));
      pack(Across, std::integral_constant<int, W>(), pc, kc, n0, n1, packed_b);
      for (long ic = m0; ic < m1; ic += MC) {
        const int mc = int(min(MC, m1 - ic));
        if (PixelRuns) {
          pack_taps(g, shared.padded, image.pixel(pc), kc, ic, mc, packed_a);
          pad_rows<R>(packed_a, mc, kc);
        } else {
          pack(!Across, std::integral_constant<int, R>(), pc, kc, ic, ic + mc, packed_a);
        }
        for (long j = n0; j < n1; j += W)
          for (int ir = 0; ir < mc; ir += R)
            G::template tile<R, NVt, PixelRuns ? Layout::rows : Layout::panels>(
                kc, packed_a + (PixelRuns ? ir * KC : ir / R * panel_stride(R, kc)), packed_b + (j - n0) / W * panel_stride(W, kc), into.at(ic + ir, j),
                int(min(R, mc - ir)), int(min(W, n - j)), first);
      }
    };
    if (PixelRuns) {
      // The padded images, shared: thread 0 finds room, every thread pads its share of the images.
      const long image_size = B::padded_height(g) * B::padded_width(g);
      if (t == 0) shared.padded = scratch(4, g.batch * image_size);
      barrier.wait();
      long s0, s1;
      share(g.batch, t, threads, s0, s1);
      for (long b = s0; b < s1; ++b) B::fill_padded(a.x + b * g.in_h * g.in_w, g, shared.padded + b * image_size);
      barrier.wait();
    }
    const bool busy = m0 < m1 && n0 < n1;
    B::sum_blocks(blocks, size, a.out, split_k, shared, t, threads, barrier, [&](long blk, T* dst, bool first) {
      if (busy) multiply(blk, Dest{dst, d.rs, d.cs, nullptr, false}, first);
    });
  }

  // ---- input gradient ---------------------------------------------------------------------------

  // dx: threads split the samples. For each block of pixels, dP = dy @ kernelᵀ into scratch, then each
  // pixel's row of dP is added into dx where its patch lay, pixel after pixel: every element of dx is
  // summed in pixel order, whoever computes it.
  template <int R, int NVt>
  static void input(const nnts::ConvArgs<T>& a, int t, int threads) {
    constexpr int W = NVt * L;
    constexpr long MC = B::template mc_rows<R>();
    const nnts::ConvGeometry& g = a.g;
    const Image image{nullptr, g};
    const long taps = g.taps(), per_image = long(g.out_h) * g.out_w, image_size = long(g.in_h) * g.in_w * g.in_c;
    const int f = g.out_c;
    long s0, s1;
    share(g.batch, t, threads, s0, s1);
    if (s0 >= s1) return;
    // kernelᵀ, whole: [kk * W + j] of block pc, panel q = kernel[(q * W + j) * f + pc + kk].
    const long npad = ceil(taps, W) * W, per = ceil(taps, W) * panel_stride(W, int(KC));
    T* packed_b = scratch(0, ceil(f, KC) * per);
    for (long pc = 0; pc < f; pc += KC) {
      const int kc = int(min(KC, f - pc));
      for (long j0 = 0; j0 < npad; j0 += W) {
        T* panel = packed_b + pc / KC * per + j0 / W * panel_stride(W, kc);
        for (int kk = 0; kk < kc; ++kk)
          for (int j = 0; j < W; ++j) panel[kk * W + j] = j0 + j < taps ? a.kernel[(j0 + j) * f + pc + kk] : T(0);
      }
    }
    T* packed_a = scratch(1, ceil(MC, R) * R * KC);
    T* dp = scratch(2, MC * taps);
    Image::zero(a.out + s0 * image_size, (s1 - s0) * image_size);
    const Dest d{dp, taps, 1, nullptr, false};
    const long end = s1 * per_image;
    Pixel px = image.pixel(s0 * per_image);
    for (long ic = s0 * per_image; ic < end; ic += MC) {
      const int mc = int(min(MC, end - ic));
      for (long pc = 0; pc < f; pc += KC) {
        const int kc = int(min(KC, f - pc));
        for (int r = 0; r < mc; ++r) Image::copy_spill(packed_a + r * KC, a.dy + (ic + r) * f + pc, kc);
        pad_rows<R>(packed_a, mc, kc);
        for (long j = 0; j < taps; j += W)
          for (int ir = 0; ir < mc; ir += R)
            G::template tile<R, NVt, Layout::rows>(kc, packed_a + ir * KC, packed_b + pc / KC * per + j / W * panel_stride(W, kc), d.at(ir, j),
                                                   int(min(R, mc - ir)), int(min(W, taps - j)), pc == 0);
      }
      for (int r = 0; r < mc; ++r, image.next(px)) image.add_row(a.out, px, dp + r * taps);
    }
  }

  // ---- choosing a tiling ------------------------------------------------------------------------

  static void run(nnts::ConvProduct product, const nnts::ConvArgs<T>& a, nnts::ConvShared<T>& shared, int t, int threads,
                  nnts::Barrier& barrier) {
    const nnts::ConvGeometry& g = a.g;
    const long pixels = g.pixels(), taps = g.taps(), f = g.out_c;
    switch (product) {
      case nnts::ConvProduct::forward: {
        const bool narrow = padded(pixels, f, NMR, L) < padded(pixels, f, MR, NR);
        if (g.in_c == 1 && g.sw == 1 && taps <= KC && B::pads_cheaply(g)) {
          // Per output row, the tiles' multiply-adds each way; transposed stores cost about half again.
          const long rows = padded(g.out_w, f, narrow ? NMR : MR, narrow ? L : NR), across = padded(f, g.out_w, MR, NR);
          if (Expanded::forward_applies(g) && 2 * Expanded::forward_cost(g) <= min(2 * rows, 3 * across)) return Expanded::forward(a, t, threads);
          if (3 * across < 2 * rows) return Direct::template forward_across<MR, NV>(a, t, threads);
          return narrow ? Direct::template forward<NMR, 1>(a, t, threads) : Direct::template forward<MR, NV>(a, t, threads);
        }
        // As many multiply-adds without packing P, where P's runs do not split into whole vectors.
        if (InPlace::forward_applies(g) && InPlace::forward_cost(g, NMR) <= g.out_w * min(ceil(f, L) * L, ceil(f, NR) * NR))
          return InPlace::forward(a, t, threads);
        return narrow ? forward_rows<NMR, 1>(a, t, threads) : forward_rows<MR, NV>(a, t, threads);
      }
      case nnts::ConvProduct::filter: {
        // With one channel and stride 1, Pᵀ's rows are runs of the padded images: rows taps, packed that way.
        if (g.in_c == 1 && g.sw == 1 && B::pads_cheaply(g)) {
          if (Expanded::filter_applies(g) && Expanded::filter_cost(g) <= min(padded(taps, f, NMR, L), padded(taps, f, MR, NR)))
            return Expanded::filter(a, shared, t, threads, barrier);
          if (padded(taps, f, NMR, L) < padded(taps, f, MR, NR)) return filter<NMR, 1, false, true>(a, shared, t, threads, barrier);
          return filter<MR, NV, false, true>(a, shared, t, threads, barrier);
        }
        const long costs[4] = {padded(taps, f, MR, NR), padded(taps, f, NMR, L), padded(f, taps, MR, NR), padded(f, taps, NMR, L)};
        int best = 0;
        for (int i = 1; i < 4; ++i)
          if (costs[i] < costs[best]) best = i;
        // As many multiply-adds without packing P, where P's runs do not split into whole vectors.
        if (InPlace::filter_applies(g) && InPlace::filter_cost(g, MR, NR) <= costs[best])
          return InPlace::template filter<MR, NV>(a, shared, t, threads, barrier);
        if (best == 0) return filter<MR, NV, false>(a, shared, t, threads, barrier);
        if (best == 1) return filter<NMR, 1, false>(a, shared, t, threads, barrier);
        if (best == 2) return filter<MR, NV, true>(a, shared, t, threads, barrier);
        return filter<NMR, 1, true>(a, shared, t, threads, barrier);
      }
      case nnts::ConvProduct::input:
        // Without dP in memory where the tiles waste no more multiply-adds than the packed ones.
        if (InPlace::input_applies(g) && InPlace::input_cost(g, MR, NR) <= g.out_w * min(ceil(taps, L) * L, ceil(taps, NR) * NR))
          return InPlace::input(a, t, threads);
        if (ceil(taps, L) * L < ceil(taps, NR) * NR) return input<NMR, 1>(a, t, threads);
        return input<MR, NV>(a, t, threads);
    }
  }
};
