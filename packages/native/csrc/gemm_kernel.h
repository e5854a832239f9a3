// The blocked GEMM of GotoBLAS/BLIS, written once over a "kernel traits" type K that supplies the
// vector type and five operations. Each gemm_<isa>.cc includes this file inside an anonymous namespace
// after choosing its instruction set, so every instantiation is private to code compiled for that set.
//
// K provides: T (float/double), V (vector), L (lanes), MR x (NV * L) (the register tile), and
// zero, load, broadcast, fma, add, store.
//
// Transposed operands cost nothing extra: they change only how panels are packed, never the kernel.

template <class K>
struct Gemm {
  using T = typename K::T;
  using V = typename K::V;
  static constexpr int L = K::L;
  static constexpr int MR = K::MR;
  static constexpr int NV = K::NV;
  static constexpr int NR = NV * L;

  static int min(int a, int b) { return a < b ? a : b; }

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

  // C[rows x cols] (=|+=) A-panel @ B-panel. The first K block writes acc + bias, later ones add to C.
  // Edge tiles go through a stack tile so that every element sees the same arithmetic as in a full tile.
  static void micro(int kc, const T* a, const T* b, T* c, long ldc, int rows, int cols, bool first, const T* bias) {
    V acc[MR][NV];
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = K::zero();
    for (int kk = 0; kk < kc; ++kk) {
      V bv[NV];
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) bv[v] = K::load(b + v * L);
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i) {
        const V av = K::broadcast(a + i);
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) acc[i][v] = K::fma(av, bv[v], acc[i][v]);
      }
      a += MR;
      b += NR;
    }
    if (rows == MR && cols == NR) {
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          T* p = c + i * ldc + v * L;
          const V base = first ? (bias ? K::load(bias + v * L) : K::zero()) : K::load(p);
          K::store(p, K::add(acc[i][v], base));
        }
      return;
    }
    alignas(64) T tile[MR * NR];
    for (int i = 0; i < MR; ++i)
      for (int v = 0; v < NV; ++v) K::store(tile + i * NR + v * L, acc[i][v]);
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j) {
        const T base = first ? (bias ? bias[j] : T(0)) : c[i * ldc + j];
        c[i * ldc + j] = tile[i * NR + j] + base;
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
            const int cols = min(NR, g.n - j);
            const T* bias = g.bias ? g.bias + j : nullptr;
            for (int ir = 0; ir < mc; ir += MR) {
              micro(kc, packed_a + ir * kc, packed_b + p * NR * kc, g.c + static_cast<long>(ic + ir) * g.n + j, g.n,
                    min(MR, mc - ir), cols, pc == 0, bias);
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
