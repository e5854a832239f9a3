// What the convolution kernels (conv_image.h, conv_kernel.h) share: thread shares, scratch, packing a
// row-major matrix into the GEMM's panels, and one-channel images padded with zeros. Included after
// patches.h by each gemm_<isa>.cc, for its kernel traits K.

template <class K>
struct ConvBase {
  using G = Gemm<K>;
  using T = typename K::T;
  using Dest = typename G::Dest;
  using Layout = typename G::Layout;
  using Image = Patches<K>;
  using Pixel = typename Image::Pixel;
  static constexpr int L = K::L, MR = K::MR, NV = K::NV, NR = G::NR;
  // The narrow tile: the same accumulators as one column of vectors, MR * NV rows by L.
  static constexpr int NMR = MR * NV;
  static constexpr long KC = nnts::kKC;

  static long ceil(long a, long b) { return (a + b - 1) / b; }
  static long min(long a, long b) { return a < b ? a : b; }
  // The multiply-adds the tiles of an m x n product do, padding included.
  static long padded(long m, long n, int R, int W) { return ceil(m, R) * R * ceil(n, W) * W; }
  // Thread t's contiguous share [lo, hi) of `count` items.
  static void share(long count, int t, int threads, long& lo, long& hi) {
    lo = count * t / threads;
    hi = count * (t + 1) / threads;
  }
  static T* scratch(int slot, long elements) { return static_cast<T*>(nnts::thread_scratch(slot, sizeof(T) * (elements + Image::kSlack))); }
  // Rows of A per block: kMC rounded down to whole tiles.
  template <int R>
  static constexpr long mc_rows() {
    return nnts::kMC / R * R;
  }

  // Packed panels lie a cache line further apart than their size: sizes are often a multiple of 4 KiB,
  // and panels filled side by side would then all fall in the same few sets of the L1 cache.
  static long panel_stride(int W, int kc) { return long(W) * kc + 64 / long(sizeof(T)); }

  // W-wide panels of a row-major matrix's rows p0 .. p0 + kc: panel q at dst + q * stride holds
  // [kk * W + r] = src[(p0 + kk) * ld + c0 + q * W + r], zero from column c1 on. Filled panel after
  // panel, row after row, with whole vectors (scratch has kSlack to spare).
  template <int W>
  static void pack_rows(const T* src, long ld, long p0, int kc, long c0, long c1, T* dst, long stride) {
    for (long q = 0; c0 + q * W < c1; ++q) {
      const long n = min(W, c1 - c0 - q * W);
      for (int kk = 0; kk < kc; ++kk) {
        T* d = dst + q * stride + kk * W;
        Image::copy_spill(d, src + (p0 + kk) * ld + c0 + q * W, n);
        for (long v = ceil(n, L) * L; v < W; v += L) K::store(d + v, K::zero());
      }
    }
  }

  // One channel's image padded with zeros to every row and column a window reaches (stride 1 across).
  static long padded_height(const nnts::ConvGeometry& g) { return long(g.out_h - 1) * g.sh + long(g.kh - 1) * g.dh + 1; }
  static long padded_width(const nnts::ConvGeometry& g) { return long(g.out_w - 1) + long(g.kw - 1) * g.dw + 1; }

  // Whether a padded image costs about what the image does (an absurd dilation with 'same' padding
  // would pad it to gigabytes) and its offsets fit an int.
  static bool pads_cheaply(const nnts::ConvGeometry& g) {
    const long size = padded_height(g) * padded_width(g);
    return size < (1L << 30) && size <= 4L * g.in_h * g.in_w + (1L << 16);
  }

  // pad[hp x wp] = one image of one channel after pad_top rows and pad_left columns of zeros, with zeros
  // after it as far as the windows reach.
  static void fill_padded(const T* image, const nnts::ConvGeometry& g, T* pad) {
    const long hp = padded_height(g), wp = padded_width(g), left = g.pad_left, width = min(g.in_w, wp - left);
    for (long ph = 0; ph < hp; ++ph) {
      T* row = pad + ph * wp;
      const long ih = ph - g.pad_top;
      if (ih < 0 || ih >= g.in_h) {
        Image::zero(row, wp);
        continue;
      }
      Image::zero(row, left);
      Image::copy(row + left, image + ih * g.in_w, width);
      Image::zero(row + left + width, wp - left - width);
    }
  }

  // A filter gradient's K blocks (pixels), blocks 0 .. blocks, each summed by multiply(blk, dst, first)
  // into `size` values at dst, added to them unless first. Without `split`, every thread runs every
  // block into out in order (splitting rows or columns itself), and a thread with nothing to do
  // returns from multiply at once. With it, threads split the blocks: each block's sums go to a partial
  // of their own and are added up in block order afterwards, the very additions a single thread does.
  // Rounds of blocks keep the partials a few megabytes whatever the batch.
  template <class Multiply>
  static void sum_blocks(long blocks, long size, T* out, bool split, nnts::ConvShared<T>& shared, int t, int threads, nnts::Barrier& barrier,
                         const Multiply& multiply) {
    if (!split) {
      for (long blk = 0; blk < blocks; ++blk) multiply(blk, out, blk == 0);
      return;
    }
    const long round = min(blocks, ceil((1L << 20) / size + 1, threads) * threads);
    if (t == 0) shared.partials = scratch(3, round * size);
    barrier.wait();
    T* partials = shared.partials;
    long e0, e1, b0, b1;
    share(size, t, threads, e0, e1);
    for (long first = 0; first < blocks; first += round) {
      const long count = min(round, blocks - first);
      share(count, t, threads, b0, b1);
      for (long blk = b0; blk < b1; ++blk) multiply(first + blk, partials + blk * size, true);
      barrier.wait();
      for (long blk = 0; blk < count; ++blk) {
        const T* part = partials + blk * size;
        if (first + blk == 0) {
          for (long e = e0; e < e1; ++e) out[e] = part[e];
        } else {
          for (long e = e0; e < e1; ++e) out[e] = part[e] + out[e];
        }
      }
      barrier.wait();
    }
  }

  // Offsets in a padded image of each tap from the pixel it belongs to (taps in kernel order).
  static const int* tap_offsets(const nnts::ConvGeometry& g) {
    thread_local std::vector<int> offsets;
    offsets.resize(g.taps());
    const long wp = padded_width(g);
    for (long i = 0; i < g.kh; ++i)
      for (long j = 0; j < g.kw; ++j) offsets[i * g.kw + j] = int(i * g.dh * wp + j * g.dw);
    return offsets.data();
  }
};
