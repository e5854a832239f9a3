// 2-D convolution over NHWC batches as products of the packed GEMM, without an im2col matrix: image
// patches are packed straight into the GEMM's panels (see conv_kernel.h).
#pragma once
#include "gemm.h"

namespace nnts {

/**
 * A window sliding over an NHWC batch [batch, in_h, in_w, in_c] to give [batch, out_h, out_w, out_c]
 * (the tensor package's ConvGeometry, in its field order). Output pixel (oh, ow) reads input rows
 * oh * sh - pad_top + i * dh for i < kh, and columns likewise; those outside the input are zeros.
 */
struct ConvGeometry {
  int batch, in_h, in_w, in_c, out_h, out_w, out_c, kh, kw, sh, sw, dh, dw, pad_top, pad_left;

  /** Rows of the patch matrix P: one per output pixel (b, oh, ow). */
  long pixels() const { return long(batch) * out_h * out_w; }
  /** Columns of P: one per tap element (i, j, c), the kernel's rows when viewed as [kh * kw * in_c, out_c]. */
  long taps() const { return long(kh) * kw * in_c; }
  long input_size() const { return long(batch) * in_h * in_w * in_c; }
  long output_size() const { return pixels() * out_c; }
};

enum class ConvProduct {
  forward,  // out = P @ kernel (+ bias), activated = f(out)
  filter,   // out = dkernel = Pᵀ @ dy
  input,    // out = dx: dP = dy @ kernelᵀ, each patch row added back where P read it
};

template <typename T>
struct ConvArgs {
  ConvGeometry g;
  const T* x;       // forward, filter
  const T* kernel;  // forward, input: [kh, kw, in_c, out_c]
  const T* dy;      // filter, input: [batch, out_h, out_w, out_c]
  const T* bias;    // forward: out_c values, or null
  T* out;
  // forward's optional epilogue, as GemmArgs'
  int activation = -1;
  double alpha = 0;
  T* activated = nullptr;
};

/**
 * What the threads of one call share: the filter gradient's per-K-block partial sums when they split K,
 * and the zero-padded images of a one-channel input.
 */
template <typename T>
struct ConvShared {
  T* partials = nullptr;
  T* padded = nullptr;
};

template <typename T>
void conv(ConvProduct product, const ConvArgs<T>& args);

// One entry per instruction set and type: the part of a convolution product that thread `t` does.
#define NNTS_DECLARE_CONV(isa)                                                                                 \
  void conv_##isa(ConvProduct p, const ConvArgs<float>& a, ConvShared<float>& s, int t, int n, Barrier& b);   \
  void conv_##isa(ConvProduct p, const ConvArgs<double>& a, ConvShared<double>& s, int t, int n, Barrier& b);
NNTS_DECLARE_CONV(generic)
NNTS_DECLARE_CONV(avx2)
NNTS_DECLARE_CONV(avx512)
#undef NNTS_DECLARE_CONV

}  // namespace nnts
