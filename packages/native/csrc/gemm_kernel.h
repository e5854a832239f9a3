// The blocked GEMM of GotoBLAS/BLIS, written once over a "kernel traits" type K that supplies the
// vector type and its operations. Each gemm_<isa>.cc includes this file inside an anonymous namespace
// after choosing its instruction set, so every instantiation is private to code compiled for that set.
//
// K provides: T (float/double), V (vector), L (lanes), MR x (NV * L) (the register tile), and
// zero, load, broadcast, fma, add, store, and load_n/store_n (the first n < L lanes).
//
// Transposed operands cost nothing extra: they change only how panels are packed, never the kernel.
// Every element of C is ((acc_0 + bias) + acc_1) + ..., acc_b its products over K block b summed by
// fma from zero in index order: the order depends on the shapes alone, never on the tile, the side C
// is stored from, the instruction set or the threads. The convolutions (conv_kernel.h) keep to it too.

template <class K>
struct Gemm {
  using T = typename K::T;
  using V = typename K::V;
  static constexpr int L = K::L;
  static constexpr int MR = K::MR;
  static constexpr int NV = K::NV;
  static constexpr int NR = NV * L;

  static int min(int a, int b) { return a < b ? a : b; }

  // Where a tile's sums go: element (i, j) at c[i * rs + j * cs]. The first K block adds bias[j] (bias[i]
  // with bias_per_row) or zero, later blocks the element's current value. cs != 1 stores C transposed:
  // what a product computed as Cᵀ = Bᵀ·Aᵀ needs, which sums every element in the same order.
  struct Dest {
    T* c;
    long rs, cs;
    const T* bias;
    bool bias_per_row;
    Dest at(long i, long j) const { return {c + i * rs + j * cs, rs, cs, bias ? bias + (bias_per_row ? i : j) : nullptr, bias_per_row}; }
  };

  // dst[kk * NR + j] = op(B)(pc + kk, j0 + j), zero beyond column n.
  static void pack_b(const nnts::GemmArgs<T>& g, T* dst, int pc, int kc, int j0) {
    const int cols = min(NR, g.n - j0);
    if (!g.transpose_b) {
      for (int kk = 0; kk < kc; ++kk) {
        const T* src = g.b + static_cast<long>(pc + kk) * g.n + j0;
        T* row = dst + kk * NR;
        for (int j = 0; j < cols; ++j) row[j] = src[j];
        for (int j = cols; j < NR; ++j) row[j] = 0;
      }
      return;
    }
    for (int j = 0; j < cols; ++j) {
      const T* src = g.b + static_cast<long>(j0 + j) * g.k + pc;
      for (int kk = 0; kk < kc; ++kk) dst[kk * NR + j] = src[kk];
    }
    for (int j = cols; j < NR; ++j)
      for (int kk = 0; kk < kc; ++kk) dst[kk * NR + j] = 0;
  }

  // dst holds MR-row panels: panel r at dst + r * MR * kc, element [kk * MR + i] = op(A)(i0 + i, pc + kk).
  static void pack_a(const nnts::GemmArgs<T>& g, T* dst, int i0, int mc, int pc, int kc) {
    for (int ir = 0; ir < mc; ir += MR) {
      T* panel = dst + ir * kc;
      const int rows = min(MR, mc - ir);
      if (g.transpose_a) {
        for (int kk = 0; kk < kc; ++kk) {
          const T* src = g.a + static_cast<long>(pc + kk) * g.m + i0 + ir;
          T* col = panel + kk * MR;
          for (int i = 0; i < rows; ++i) col[i] = src[i];
          for (int i = rows; i < MR; ++i) col[i] = 0;
        }
      } else {
        for (int i = 0; i < rows; ++i) {
          const T* src = g.a + static_cast<long>(i0 + ir + i) * g.k + pc;
          for (int kk = 0; kk < kc; ++kk) panel[kk * MR + i] = src[kk];
        }
        for (int i = rows; i < MR; ++i)
          for (int kk = 0; kk < kc; ++kk) panel[kk * MR + i] = 0;
      }
    }
  }

  // Where the micro-kernel finds A(i, kk): panels at [kk * R + i]; rows at [i * kKC + kk], which a plain
  // copy fills (image patches), at a fixed stride so one base register addresses them all; or taps at
  // [offsets[kk] + i], read in place (a padded image, a convolution tap kk away from pixel i), or at
  // [offsets[kk] + i * stride] (pixels `stride` apart: channels, or strides, in between).
  enum class Layout { panels, rows, taps, strided_taps };

  // The micro-kernel: C[rows x cols] (=|+=) A @ B for an R x (NVt * L) register tile. B is a panel,
  // [kk * W + j], or with TapsB [offsets[kk] + j], read in place like A's taps.
  template <int R, int NVt, Layout A, bool TapsB = false>
  static void tile(int kc, const T* a, const T* b, const Dest& d, int rows, int cols, bool first, const int* offsets = nullptr, long stride = 1) {
    static_assert(!(TapsB && (A == Layout::taps || A == Layout::strided_taps)), "one operand read in place at a time");
    constexpr int W = NVt * L;
    V acc[R][NVt];
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NVt; ++v) acc[i][v] = K::zero();
    for (int kk = 0; kk < kc; ++kk) {
      V bv[NVt];
#pragma GCC unroll 4
      for (int v = 0; v < NVt; ++v) bv[v] = K::load((TapsB ? b + offsets[kk] : b) + v * L);
      constexpr bool in_place = A == Layout::taps || A == Layout::strided_taps;
      const T* ak = in_place ? a + offsets[kk] : a;
#pragma GCC unroll 16
      for (int i = 0; i < R; ++i) {
        const V av = K::broadcast(A == Layout::rows ? ak + i * nnts::kKC : A == Layout::strided_taps ? ak + i * stride : ak + i);
#pragma GCC unroll 4
        for (int v = 0; v < NVt; ++v) acc[i][v] = K::fma(av, bv[v], acc[i][v]);
      }
      if (!in_place) a += A == Layout::rows ? 1 : R;
      if (!TapsB) b += W;
    }
    store(acc, d, rows, cols, first);
  }

  template <int R, int NVt>
  static void store(V (&acc)[R][NVt], const Dest& d, int rows, int cols, bool first) {
    constexpr int W = NVt * L;
    const bool row_bias = first && d.bias && d.bias_per_row;
    if (d.cs == 1 && !row_bias && rows == R && cols == W) {
#pragma GCC unroll 16
      for (int i = 0; i < R; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NVt; ++v) {
          T* p = d.c + i * d.rs + v * L;
          const V base = first ? (d.bias ? K::load(d.bias + v * L) : K::zero()) : K::load(p);
          K::store(p, K::add(acc[i][v], base));
        }
      return;
    }
    // Loops over the accumulators are unrolled with fixed bounds, even where a test skips some: an
    // accumulator indexed at run time must live in memory, and GCC then stored every accumulator on
    // every step of the multiply-add loop (seen with exceptions enabled, as node-gyp builds).
    if (d.cs == 1 && !row_bias) {
#pragma GCC unroll 16
      for (int i = 0; i < R; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NVt; ++v) {
          const int n = cols - v * L;
          if (i >= rows || n <= 0) continue;
          T* p = d.c + i * d.rs + v * L;
          if (n >= L) {
            const V base = first ? (d.bias ? K::load(d.bias + v * L) : K::zero()) : K::load(p);
            K::store(p, K::add(acc[i][v], base));
          } else {
            const V base = first ? (d.bias ? K::load_n(d.bias + v * L, n) : K::zero()) : K::load_n(p, n);
            K::store_n(p, K::add(acc[i][v], base), n);
          }
        }
      return;
    }
    // Transposed (or per-row bias): through a stack tile, each element with the same one addition.
    alignas(64) T tile[R * W];
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NVt; ++v) K::store(tile + i * W + v * L, acc[i][v]);
    for (int j = 0; j < cols; ++j)
      for (int i = 0; i < rows; ++i) {
        T* p = d.c + i * d.rs + j * d.cs;
        const T base = first ? (d.bias ? d.bias[d.bias_per_row ? i : j] : T(0)) : *p;
        *p = tile[i * W + j] + base;
      }
  }

  // Thread t's share. Threads split the rows when there are enough MR-row tiles, else the NR-column
  // panels; either way each element of C is summed in the same order, so results do not depend on
  // the thread count.
  static void run(const nnts::GemmArgs<T>& g, T* packed_b, int t, int threads, nnts::Barrier& barrier) {
    const int row_tiles = (g.m + MR - 1) / MR;
    T* packed_a = static_cast<T*>(nnts::thread_scratch(1, sizeof(T) * nnts::kMC * nnts::kKC));
    for (int jc = 0; jc < g.n; jc += nnts::kNC) {
      const int nc = min(nnts::kNC, g.n - jc);
      const int panels = (nc + NR - 1) / NR;
      const bool by_rows = row_tiles >= 4 * threads || panels < threads;
      int m0 = 0, m1 = g.m, p0 = 0, p1 = panels;
      if (by_rows) {
        const int per = (row_tiles + threads - 1) / threads;
        m0 = min(g.m, t * per * MR);
        m1 = min(g.m, (t + 1) * per * MR);
      } else {
        const int per = (panels + threads - 1) / threads;
        p0 = min(panels, t * per);
        p1 = min(panels, (t + 1) * per);
      }
      for (int pc = 0; pc < g.k; pc += nnts::kKC) {
        const int kc = min(nnts::kKC, g.k - pc);
        for (int p = t; p < panels; p += threads) pack_b(g, packed_b + p * NR * kc, pc, kc, jc + p * NR);
        barrier.wait();
        for (int ic = m0; ic < m1; ic += nnts::kMC) {
          const int mc = min(nnts::kMC, m1 - ic);
          pack_a(g, packed_a, ic, mc, pc, kc);
          for (int p = p0; p < p1; ++p) {
            const int j = jc + p * NR;
            const Dest d{g.c + j, g.n, 1, g.bias ? g.bias + j : nullptr, false};
            for (int ir = 0; ir < mc; ir += MR) {
              tile<MR, NV, Layout::panels>(kc, packed_a + ir * kc, packed_b + p * NR * kc, d.at(ic + ir, 0), min(MR, mc - ir),
                                  min(NR, g.n - j), pc == 0);
            }
          }
        }
        barrier.wait();
      }
      if (g.activated && m1 > m0 && p1 > p0) {
        const int j0 = jc + p0 * NR;
        const int j1 = min(g.n, jc + p1 * NR);
        const long offset = static_cast<long>(m0) * g.n + j0;
        nnts::activation_block(g.activation, g.c + offset, g.activated + offset, m1 - m0, j1 - j0, g.n, g.alpha);
      }
    }
  }
};
