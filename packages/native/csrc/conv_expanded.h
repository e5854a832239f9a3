// The forward pass and the filter gradient of a one-channel convolution with stride 1 across (the first
// layer of an MNIST network), with every lane of every multiply-add an output: a few filters would leave
// most lanes of a GEMM tile empty. Included after conv_image.h by each gemm_<isa>.cc, for its kernel
// traits K.
//
// In NHWC the F outputs of a pixel lie side by side, and so do the kw·F values of one kernel row. With
// pad the zero-padded image (conv_base.h), both products line up lane for lane with "expanded" rows,
// each value of pad repeated F times: E[r][c·F + f] = pad[r][c], made with lane permutes.
//
//   forward: out[oh][ow·F + f] = Σ_(i,j) E[oh + i][(ow + j)·F + f] · kernel[i, j, f]
//     the lanes of an output row read E at m + j·F (plain vector loads); the kernel repeats in them
//     with the period of F, a few vectors kept in registers. Two output rows share E's rows.
//   filter:  dkernel[i][j·F + f] = Σ_p pad[oh + i][ow + j] · dy[p, f]
//     each pixel's values are spread over the lanes (j, f) by permutes: no E is stored.
//
// Each output element is still one FMA chain over its K block in index order (taps for the forward,
// pixels for the filter), then added as in gemm_kernel.h: the same bits as every other tiling.

template <class K>
struct ConvExpanded : ConvBase<K> {
  using B = ConvBase<K>;
  using typename B::Image;
  using typename B::Pixel;
  using typename B::T;
  using V = typename K::V;
  using I = typename K::I;
  using B::ceil;
  using B::KC;
  using B::L;
  using B::min;
  using B::scratch;
  using B::share;

  // 32 vector registers with AVX-512, 16 with AVX2: how many accumulators a tile may keep.
  static constexpr bool kManyRegisters = sizeof(V) >= 64;
  // The forward's accumulators per output row: its vectors, NA at a time (11 for LeNet's 28 x 6).
  static constexpr int NA = 12;
  // The filter gradient's tiles: up to RI kernel rows by 2 vectors of lanes.
  static constexpr int RI = kManyRegisters ? 8 : 4;

  static long gcd(long a, long b) { return b == 0 ? a : gcd(b, a % b); }
  // Vectors after which a pattern of period F repeats in the lanes.
  static long period(long f) { return f / gcd(f, L); }

  // ---- where they apply -------------------------------------------------------------------------

  // One channel, stride 1 across, images that pad cheaply; for the forward, taps in one K block and
  // filters that do not fill whole vectors (else a pixel per vector, read in place, wastes nothing:
  // ConvImage), and for the filter gradient no dilation across (a kernel row's taps side by side) and
  // a pixel's lanes within one vector of the padded row (or whole vectors of filters, F a multiple of L).
  // F not a multiple of L leaves the period F's odd part: 1 or 3 for the usual filter counts, and a
  // kernel of period 3 fills 3 registers (more would crowd out the accumulators).
  static bool forward_applies(const nnts::ConvGeometry& g) {
    return g.in_c == 1 && g.sw == 1 && g.taps() <= KC && g.out_c % L != 0 && (period(g.out_c) == 1 || period(g.out_c) == 3) && B::pads_cheaply(g);
  }
  static bool filter_applies(const nnts::ConvGeometry& g) {
    const long f = g.out_c, vectors = ceil(long(g.kw) * f, L);
    const bool spread = f < L ? (vectors * L - 1) / f < L : f % L == 0;
    return g.in_c == 1 && g.sw == 1 && g.dw == 1 && spread && B::pads_cheaply(g);
  }
  // Multiply-adds (lanes) per output row and tap, tiles' padding included.
  static long forward_cost(const nnts::ConvGeometry& g) { return ceil(ceil(long(g.out_w) * g.out_c, L), NA) * NA * L; }
  // Multiply-adds (lanes) per pixel.
  static long filter_cost(const nnts::ConvGeometry& g) { return long(g.kh) * ceil(long(g.kw) * g.out_c, L) * L; }

  // ---- padded and expanded images ----------------------------------------------------------------

  // E's row stride: whole periods of vectors (see period()), for expand().
  static long expanded_stride(const nnts::ConvGeometry& g) { return ceil(B::padded_width(g) * g.out_c, L * period(g.out_c)) * L * period(g.out_c); }

  // Index vectors (L ints each) made once per call: thread-local, grown and kept.
  static int* ints(int slot, long count) {
    thread_local std::vector<int> tables[2];
    tables[slot].resize(count);
    return tables[slot].data();
  }

  // E's rows from pad's (stride wp, L values readable past each row): vector v of a row holds columns
  // (v·L + l) / F, a permute of the L columns from starts[v] = (v·L) / F, with the indices of phase v mod P.
  template <int P>
  static void expand(const T* pad, long hp, long wp, const int* starts, const I* spread, T* e, long ew) {
    for (long r = 0; r < hp; ++r, pad += wp)
      for (long v = 0; v * L < ew; v += P)
#pragma GCC unroll 12
        for (int q = 0; q < P; ++q) K::store(e + r * ew + (v + q) * L, K::permute(K::load(pad + starts[v + q]), spread[q]));
  }

  // ---- forward ----------------------------------------------------------------------------------

  // Vectors v0 .. v0 + NA of Rows output rows (the second sh = dh rows of E below the first), n values
  // each (vectors past the end are computed, not stored): the FMA chains over the taps in order, then
  // + bias. `e` is the first row's E row at tap row 0, tap column j `shifts[j]` further; `table` holds
  // per tap P vectors of the kernel, lane l of vector q being filter (q·L + l) mod F, and after the taps
  // the bias likewise. P divides NA and v0 is a multiple of NA, so vector a has phase a mod P.
  template <int Rows, int P>
  static void forward_tile(const T* e, long step, const long* shifts, long kh, long kw, const T* table, long v0, long n, T* out) {
    V acc[Rows][NA];
#pragma GCC unroll 2
    for (int k = 0; k < Rows; ++k)
#pragma GCC unroll 16
      for (int a = 0; a < NA; ++a) acc[k][a] = K::zero();
    e += v0 * L;
    // E row r serves tap row r of the first output row and r - 1 of the second.
    auto row = [&](long r, bool first, bool second) __attribute__((always_inline)) {
      for (long j = 0; j < kw; ++j) {
        const T* src = e + r * step + shifts[j];
        V k0[P], k1[P];
#pragma GCC unroll 4
        for (int q = 0; q < P; ++q) {
          if (first) k0[q] = K::load(table + ((r * kw + j) * P + q) * L);
          if (Rows > 1 && second) k1[q] = K::load(table + (((r - 1) * kw + j) * P + q) * L);
        }
#pragma GCC unroll 16
        for (int a = 0; a < NA; ++a) {
          const V x = Rows > 1 ? K::kept(K::load(src + a * L)) : K::load(src + a * L);
          if (first) acc[0][a] = K::fma(x, k0[a % P], acc[0][a]);
          if (Rows > 1 && second) acc[Rows - 1][a] = K::fma(x, k1[a % P], acc[Rows - 1][a]);
        }
      }
    };
    if (Rows == 1) {
      for (long r = 0; r < kh; ++r) row(r, true, false);
    } else {
      row(0, true, false);
      for (long r = 1; r < kh; ++r) row(r, true, true);
      row(kh, false, true);
    }
    // Unrolled, as every loop over the accumulators: an accumulator indexed at run time lives in memory.
    const T* bias = table + kh * kw * P * L;
#pragma GCC unroll 2
    for (int k = 0; k < Rows; ++k)
#pragma GCC unroll 16
      for (int a = 0; a < NA; ++a) {
        const long lanes = n - (v0 + a) * L;
        if (lanes <= 0) continue;
        T* d = out + k * n + (v0 + a) * L;
        const V value = K::add(acc[k][a], K::load(bias + a % P * L));
        if (lanes >= L) {
          K::store(d, value);
        } else {
          K::store_n(d, value, int(lanes));
        }
      }
  }

  // out = P @ kernel + bias: threads split the output rows (b, oh), taken two at a time where E's rows
  // are shared (sh = dh) and registers allow; each thread expands the images it needs.
  template <int P>
  static void forward(const nnts::ConvArgs<T>& a, int t, int threads) {
    const nnts::ConvGeometry& g = a.g;
    const long taps = g.taps(), f = g.out_c, n = long(g.out_w) * f, vectors = ceil(n, L);
    long r0, r1;
    share(long(g.batch) * g.out_h, t, threads, r0, r1);
    if (r0 >= r1) return;
    T* table = scratch(0, (taps + 1) * P * L);
    for (long q = 0, filter = 0; q < P * L; ++q, filter = filter + 1 == f ? 0 : filter + 1)
      for (long e = 0; e <= taps; ++e) table[e * P * L + q] = e < taps ? a.kernel[e * f + filter] : a.bias ? a.bias[filter] : T(0);
    const long hp = B::padded_height(g), wp = B::padded_width(g), ew = expanded_stride(g);
    I spread[P];
    int* lanes = ints(0, P * L);
    for (long q = 0; q < P * L; ++q) lanes[q] = int(q / f - q / L * L / f);  // once a call: divisions are fine
    for (long q = 0; q < P; ++q) spread[q] = K::index(lanes + q * L);
    // Whole periods of vectors per E row (its stride has room: a multiple of L·P).
    int* starts = ints(1, ew / L);
    for (long v = 0; v < ew / L; ++v) starts[v] = int(v * L / f);
    thread_local std::vector<long> shifts;
    shifts.resize(g.kw);
    for (long j = 0; j < g.kw; ++j) shifts[j] = j * g.dw * f;
    // expand() reads up to 2L values past pad's last row; the last tile's vectors past a row read up
    // to NA + 1 vectors past E's last row, into values nobody stores.
    T* pad = scratch(1, hp * wp + 2 * L);
    T* e = scratch(2, hp * ew + (NA + 1) * L);
    Image::zero(pad + hp * wp, 2 * L);
    Image::zero(e + hp * ew, (NA + 1) * L);
    const bool pairs = kManyRegisters && g.sh == g.dh;
    long loaded = -1;
    for (long r = r0; r < r1;) {
      const long b = r / g.out_h, oh = r % g.out_h;
      if (b != loaded) {
        B::fill_padded(a.x + b * g.in_h * g.in_w, g, pad);
        expand<P>(pad, hp, wp, starts, spread, e, ew);
        loaded = b;
      }
      const T* first = e + oh * g.sh * ew;
      const long step = long(g.dh) * ew;
      const bool two = pairs && r + 1 < r1 && oh + 1 < g.out_h;
      for (long v0 = 0; v0 < vectors; v0 += NA) {
        if (two) {
          forward_tile<2, P>(first, step, shifts.data(), g.kh, g.kw, table, v0, n, a.out + r * n);
        } else {
          forward_tile<1, P>(first, step, shifts.data(), g.kh, g.kw, table, v0, n, a.out + r * n);
        }
      }
      ConvImage<K>::epilogue(a, r);
      if (two) ConvImage<K>::epilogue(a, r + 1);
      r += two ? 2 : 1;
    }
  }

  static void forward(const nnts::ConvArgs<T>& a, int t, int threads) {
    if (period(a.g.out_c) == 1) return forward<1>(a, t, threads);
    return forward<3>(a, t, threads);  // forward_applies: 1 or 3
  }

  // ---- filter gradient --------------------------------------------------------------------------

  // Kernel rows i0 .. i0 + R, lane vectors v0 .. v0 + NVt of them, for pixels pc .. pc + kc: dst (the
  // kernel's layout, row i at i·kw·F) = the FMA chains (+ dst unless first). `pads` finds an image's
  // padded copy (stride wp). With Spread (F < L), a pixel's row of pad is permuted into the lanes
  // (j, f) by `columns` and its dy row by `filters`; otherwise (F a multiple of L) every vector is one
  // tap j, a broadcast, and one run of dy.
  template <int R, int NVt, bool Spread, class Pads>
  static void filter_tile(const nnts::ConvGeometry& g, const Pads& pads, long wp, const T* dy, long pc, int kc, long i0, long v0, const int* columns,
                          const int* filters, T* dst, bool first) {
    const long f = g.out_c, step = long(g.dh) * wp, lanes = long(g.kw) * f;
    V acc[R][NVt];
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i)
#pragma GCC unroll 2
      for (int v = 0; v < NVt; ++v) acc[i][v] = K::zero();
    I spread[NVt], pick[NVt];
    long tap[NVt], part[NVt];
    for (int v = 0; v < NVt; ++v) {
      if constexpr (Spread) spread[v] = K::index(columns + (v0 + v) * L), pick[v] = K::index(filters + (v0 + v) * L);
      tap[v] = (v0 + v) * L / f;
      part[v] = (v0 + v) * L % f;
    }
    const Image walk{nullptr, g};
    Pixel px = walk.pixel(pc);
    for (int kk = 0; kk < kc;) {
      // A run of pixels along an output row: one column further in pad each.
      const int run = int(min(kc - kk, g.out_w - px.ow));
      const T* s = pads(px.b) + (long(px.oh) * g.sh + i0 * g.dh) * wp + px.ow;
      const T* d = dy + (pc + kk) * f;
      for (int q = 0; q < run; ++q, ++s, d += f) {
        V dv[NVt];
        if constexpr (Spread) {
          const V row = K::load_n(d, int(f));
#pragma GCC unroll 2
          for (int v = 0; v < NVt; ++v) dv[v] = K::permute(row, pick[v]);
        } else {
#pragma GCC unroll 2
          for (int v = 0; v < NVt; ++v) dv[v] = K::load(d + part[v]);
        }
#pragma GCC unroll 16
        for (int i = 0; i < R; ++i) {
          if constexpr (Spread) {
            const V x = K::kept(K::load(s + i * step));
#pragma GCC unroll 2
            for (int v = 0; v < NVt; ++v) acc[i][v] = K::fma(K::permute(x, spread[v]), dv[v], acc[i][v]);
          } else {
#pragma GCC unroll 2
            for (int v = 0; v < NVt; ++v) acc[i][v] = K::fma(K::broadcast(s + i * step + tap[v]), dv[v], acc[i][v]);
          }
        }
      }
      kk += run;
      walk.next(px, run);
    }
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i)
#pragma GCC unroll 2
      for (int v = 0; v < NVt; ++v) {
        T* out = dst + (i0 + i) * lanes + (v0 + v) * L;
        const long n = min(L, lanes - (v0 + v) * L);
        if (n == L) {
          K::store(out, K::add(acc[i][v], first ? K::zero() : K::load(out)));
        } else {
          K::store_n(out, K::add(acc[i][v], first ? K::zero() : K::load_n(out, int(n))), int(n));
        }
      }
  }

  // Kernel rows i0 .. i0 + R of a block, all their lane vectors.
  template <int R, bool Spread, class Pads>
  static void filter_rows(const nnts::ConvGeometry& g, const Pads& pads, long wp, const T* dy, long pc, int kc, long i0, const int* columns,
                          const int* filters, T* dst, bool first) {
    const long vectors = ceil(long(g.kw) * g.out_c, L);
    long v0 = 0;
    for (; v0 + 2 <= vectors; v0 += 2) filter_tile<R, 2, Spread>(g, pads, wp, dy, pc, kc, i0, v0, columns, filters, dst, first);
    if (v0 < vectors) filter_tile<R, 1, Spread>(g, pads, wp, dy, pc, kc, i0, v0, columns, filters, dst, first);
  }

  // The same for `rows` (at most RI) kernel rows, chosen at run time.
  template <bool Spread, class Pads>
  static void filter_some_rows(long rows, const nnts::ConvGeometry& g, const Pads& pads, long wp, const T* dy, long pc, int kc, long i0,
                               const int* columns, const int* filters, T* dst, bool first) {
    switch (rows) {
#define NNTS_ROWS(r) \
  case r:            \
    return filter_rows<(r <= RI ? r : RI), Spread>(g, pads, wp, dy, pc, kc, i0, columns, filters, dst, first);
      NNTS_ROWS(1)
      NNTS_ROWS(2)
      NNTS_ROWS(3)
      NNTS_ROWS(4)
      NNTS_ROWS(5)
      NNTS_ROWS(6)
      NNTS_ROWS(7)
#undef NNTS_ROWS
      default:
        return filter_rows<RI, Spread>(g, pads, wp, dy, pc, kc, i0, columns, filters, dst, first);
    }
  }

  // dkernel = Pᵀ @ dy, K the pixels in blocks of KC; threads split the blocks as ConvBase::sum_blocks
  // does. Each thread pads the images its blocks reach, keeping the last few in a ring.
  static void filter(const nnts::ConvArgs<T>& a, nnts::ConvShared<T>& shared, int t, int threads, nnts::Barrier& barrier) {
    const nnts::ConvGeometry& g = a.g;
    const long f = g.out_c, pixels = g.pixels(), blocks = ceil(pixels, KC), per_image = long(g.out_h) * g.out_w;
    const bool split = threads > 1 && blocks >= 2 * threads;
    if (!split && t > 0) return;  // too few blocks to share: thread 0 does them all
    const long vectors = ceil(long(g.kw) * f, L), hp = B::padded_height(g), wp = B::padded_width(g);
    // Index vectors for each lane vector v: pad's column (tap j) and dy's filter of lane (v·L + l).
    int* lanes = ints(0, 2 * vectors * L);
    for (long q = 0; q < vectors * L; ++q) lanes[q] = int(q / f), lanes[vectors * L + q] = int(q % f);
    // Images a block reaches at most, each with a vector's room to read past its last row.
    const long ring = ceil(KC - 1, per_image) + 1, stride = hp * wp + L;
    T* padded = scratch(2, ring * stride);
    thread_local std::vector<long> held;
    held.assign(ring, -1);
    auto pads = [&](long b) { return padded + b % ring * stride; };
    // Row tiles of equal height: a 5-row kernel is one tile, not 4 + 1.
    const long tiles = ceil(g.kh, RI), rows = ceil(g.kh, tiles);
    const bool spread = f < L;
    auto multiply = [&](long blk, T* dst, bool first) {
      const long pc = blk * KC;
      const int kc = int(min(KC, pixels - pc));
      for (long b = pc / per_image; b <= (pc + kc - 1) / per_image; ++b)
        if (held[b % ring] != b) {
          B::fill_padded(a.x + b * g.in_h * g.in_w, g, pads(b));
          Image::zero(pads(b) + hp * wp, L);
          held[b % ring] = b;
        }
      for (long i0 = 0; i0 < g.kh; i0 += rows) {
        const long count = min(rows, g.kh - i0);
        if (spread) {
          filter_some_rows<true>(count, g, pads, wp, a.dy, pc, kc, i0, lanes, lanes + vectors * L, dst, first);
        } else {
          filter_some_rows<false>(count, g, pads, wp, a.dy, pc, kc, i0, lanes, lanes + vectors * L, dst, first);
        }
      }
    };
    B::sum_blocks(blocks, size(g), a.out, split, shared, t, threads, barrier, multiply);
  }

  static long size(const nnts::ConvGeometry& g) { return g.taps() * g.out_c; }
};
