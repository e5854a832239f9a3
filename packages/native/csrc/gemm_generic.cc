// Portable kernels for CPUs without AVX2 (and non-x86 builds): plain C++ the compiler may vectorise.
// Their fma rounds twice (no contraction), so their sums differ from the AVX kernels' in the last bit.
#include <cstring>
#include <type_traits>
#include <vector>

#include "conv.h"
#include "gemm.h"
#include "gemm_isa.h"

namespace {

template <typename Scalar>
struct Scalar4 {
  using T = Scalar;
  struct V {
    T lane[4];
  };
  static constexpr int L = 4, MR = 4, NV = 1;
  static V zero() { return V{{0, 0, 0, 0}}; }
  static V load(const T* p) { return V{{p[0], p[1], p[2], p[3]}}; }
  static V broadcast(const T* p) { return V{{*p, *p, *p, *p}}; }
  static V fma(V a, V b, V c) {
    for (int i = 0; i < 4; ++i) c.lane[i] += a.lane[i] * b.lane[i];
    return c;
  }
  static V add(V a, V b) {
    for (int i = 0; i < 4; ++i) a.lane[i] += b.lane[i];
    return a;
  }
  static void store(T* p, V v) {
    for (int i = 0; i < 4; ++i) p[i] = v.lane[i];
  }
  static V load_n(const T* p, int n) {
    V v = zero();
    for (int i = 0; i < n; ++i) v.lane[i] = p[i];
    return v;
  }
  static void store_n(T* p, V v, int n) {
    for (int i = 0; i < n; ++i) p[i] = v.lane[i];
  }
  struct I {
    int lane[4];
  };
  static I index(const int* p) { return I{{p[0], p[1], p[2], p[3]}}; }
  static V permute(V v, I i) { return V{{v.lane[i.lane[0]], v.lane[i.lane[1]], v.lane[i.lane[2]], v.lane[i.lane[3]]}}; }
  static V kept(V v) { return v; }
};

using F32 = Scalar4<float>;
using F64 = Scalar4<double>;

#include "gemm_kernel.h"
#include "patches.h"
#include "conv_base.h"
#include "conv_image.h"
#include "conv_expanded.h"
#include "conv_in_place.h"
#include "conv_kernel.h"

}  // namespace

NNTS_GEMM_ENTRIES(generic)
