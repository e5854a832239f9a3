// 2-D convolution over NHWC batches (Keras's kernel layout [kh, kw, in_c, out_c]) as products of the
// GEMM (gemm.h), without an im2col matrix: with P the patch matrix, one row per output pixel (b, oh, ow)
// and one column per tap element e = (i·kw + j)·in_c + c, P(p, e) = x[b, oh·sh - pad_top + i·dh,
// ow·sw - pad_left + j·dw, c] (zero outside the image), the three products are
//
//   forward  out[pixels, F] = P @ kernel (+ bias)                 P packed as A, row by row
//   filter   dkernel[taps, F] = Pᵀ @ dy                            Pᵀ packed as A, pixel by pixel
//   input    dP = dy @ kernelᵀ, a block of pixels at a time, each row of dP added back into dx where
//            its patch lay (col2im), pixel after pixel
//
// and P's values are copied from the image into the GEMM's panels as they are needed. Each element of
// out and dkernel is summed by one thread in the GEMM's order, and each element of dx in pixel order by
// the thread that owns its sample, so the bits are the same whatever the thread count.
#include "conv.h"
#include "gemm.h"

// A row of patch values for the packers: a block's KC taps (forward) or MC taps (filter), per thread.
static float patch_row[THREADS][KC] __attribute__((aligned(16)));

static inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static inline int min(int a, int b) { return a < b ? a : b; }

static void fill(float *dst, int n) {
  for (int q = 0; q < n; q++) dst[q] = 0.0f;
}
static void copy(float *__restrict dst, const float *__restrict src, int n) {
  for (int q = 0; q < n; q++) dst[q] = src[q];
}
static void add(float *__restrict dst, const float *__restrict src, int n) {
  for (int q = 0; q < n; q++) dst[q] += src[q];
}

// dst[0, n) = P(pixel, e0 .. e0 + n). With dw = 1 the kw·in_c values of one kernel row lie side by side
// in the image: one run per kernel row, clipped where the window hangs over the image's edges.
static void patch_segment(const ConvGeometry *g, const float *x, int pixel, int e0, int n, float *dst) {
  const int c_in = g->in_c, run = g->kw * c_in, width = g->in_w * c_in, per_image = g->out_h * g->out_w;
  const int b = pixel / per_image, rest = pixel - b * per_image, oh = rest / g->out_w, ow = rest - oh * g->out_w;
  const float *image = x + b * g->in_h * width;
  const int ih0 = oh * g->sh - g->pad_top, iw0 = ow * g->sw - g->pad_left;
  int i = e0 / run, off = e0 - i * run;
  for (int at = 0; at < n; i++, off = 0) {
    const int take = min(run - off, n - at);
    const int ih = ih0 + i * g->dh;
    float *d = dst + at;
    if (ih < 0 || ih >= g->in_h) {
      fill(d, take);
    } else if (g->dw == 1) {
      const int start = iw0 * c_in + off;
      const int lo = clamp(-start, 0, take), hi = clamp(width - start, lo, take);
      fill(d, lo);
      copy(d + lo, image + ih * width + start + lo, hi - lo);
      fill(d + hi, take - hi);
    } else {
      for (int q = 0; q < take;) {
        const int j = (off + q) / c_in, c = off + q - j * c_in;
        const int length = min(c_in - c, take - q);
        const int iw = iw0 + j * g->dw;
        if (iw < 0 || iw >= g->in_w) {
          fill(d + q, length);
        } else {
          copy(d + q, image + ih * width + iw * c_in + c, length);
        }
        q += length;
      }
    }
    at += take;
  }
}

// P as A: pixels [i0, i0 + mc), taps [p0, p0 + kc); each pixel's run of taps, then dealt into its panel.
static void pack_patches(float *packed, const Operand *a, int i0, int mc, int p0, int kc, int thread) {
  float *row = patch_row[thread];
  for (int ip = 0; ip < mc; ip += MR) {
    float *panel = packed + ip * kc;
    for (int i = 0; i < MR; i++) {
      if (ip + i < mc) {
        patch_segment(a->geometry, a->data, i0 + ip + i, p0, kc, row);
        for (int p = 0; p < kc; p++) panel[p * MR + i] = row[p];
      } else {
        for (int p = 0; p < kc; p++) panel[p * MR + i] = 0.0f;
      }
    }
  }
}

// Pᵀ as A: taps [i0, i0 + mc) (mc <= MC), pixels [p0, p0 + kc); each pixel's run of taps, dealt across the panels.
static void pack_patches_transposed(float *packed, const Operand *a, int i0, int mc, int p0, int kc, int thread) {
  float *row = patch_row[thread];
  const int whole = (mc + MR - 1) / MR * MR;
  for (int p = 0; p < kc; p++) {
    patch_segment(a->geometry, a->data, p0 + p, i0, mc, row);
    for (int i = mc; i < whole; i++) row[i] = 0.0f;
    for (int i = 0; i < whole; i++) packed[(i / MR) * MR * kc + p * MR + i % MR] = row[i];
  }
}

// Output pixels [pixel_begin, pixel_end) of out = x ⋆ kernel (+ bias).
__attribute__((export_name("conv2d_f32_part")))
void conv2d_f32_part(const ConvGeometry *g, const float *x, const float *kernel, const float *bias, float *out, int pixel_begin, int pixel_end, int thread) {
  const int f = g->out_c, taps = g->kh * g->kw * g->in_c;
  const Operand patches = {pack_patches, x, 0, 0, g};
  const Operand weights = {pack_matrix_b, kernel, f, 0, 0};
  gemm_blocked(&patches, &weights, out, f, pixel_begin, pixel_end, 0, f, taps, thread);
  if (bias) {
    for (int p = pixel_begin; p < pixel_end; p++) for (int j = 0; j < f; j++) out[p * f + j] += bias[j];
  }
}

// Taps [tap_begin, tap_end) by filters [filter_begin, filter_end) of dkernel = Pᵀ @ dy.
__attribute__((export_name("conv2d_filter_f32_part")))
void conv2d_filter_f32_part(const ConvGeometry *g, const float *x, const float *dy, float *dkernel, int tap_begin, int tap_end, int filter_begin, int filter_end, int thread) {
  const int f = g->out_c, pixels = g->batch * g->out_h * g->out_w;
  const Operand patches = {pack_patches_transposed, x, 0, 0, g};
  const Operand gradient = {pack_matrix_b, dy, f, 0, 0};
  gemm_blocked(&patches, &gradient, dkernel, f, tap_begin, tap_end, filter_begin, filter_end, pixels, thread);
}

// dx for the samples [batch_begin, batch_end): dP for MC pixels at a time into `scratch` (MC·taps
// floats of this thread's), each row then added where its patch lay.
__attribute__((export_name("conv2d_input_f32_part")))
void conv2d_input_f32_part(const ConvGeometry *g, const float *dy, const float *kernel, float *dx, float *scratch, int batch_begin, int batch_end, int thread) {
  const int f = g->out_c, c_in = g->in_c, taps = g->kh * g->kw * c_in, run = g->kw * c_in, width = g->in_w * c_in;
  const int per_image = g->out_h * g->out_w, image_size = g->in_h * width;
  fill(dx + batch_begin * image_size, (batch_end - batch_begin) * image_size);
  // kernelᵀ: the kernel [taps, F] read as B = [F, taps].
  const Operand weights = {pack_matrix_b, kernel, f, 1, 0};
  const int end = batch_end * per_image;
  for (int p0 = batch_begin * per_image; p0 < end; p0 += MC) {
    const int mc = min(MC, end - p0);
    const Operand gradient = {pack_matrix_a, dy + p0 * f, f, 0, 0};
    gemm_blocked(&gradient, &weights, scratch, taps, 0, mc, 0, taps, f, thread);
    for (int r = 0; r < mc; r++) {
      const int pixel = p0 + r, b = pixel / per_image, rest = pixel - b * per_image, oh = rest / g->out_w, ow = rest - oh * g->out_w;
      float *image = dx + b * image_size;
      const float *src = scratch + r * taps;
      const int ih0 = oh * g->sh - g->pad_top, iw0 = ow * g->sw - g->pad_left;
      for (int i = 0; i < g->kh; i++, src += run) {
        const int ih = ih0 + i * g->dh;
        if (ih < 0 || ih >= g->in_h) continue;
        if (g->dw == 1) {
          const int start = iw0 * c_in;
          const int lo = clamp(-start, 0, run), hi = clamp(width - start, lo, run);
          add(image + ih * width + start + lo, src + lo, hi - lo);
        } else {
          for (int j = 0; j < g->kw; j++) {
            const int iw = iw0 + j * g->dw;
            if (iw >= 0 && iw < g->in_w) add(image + ih * width + iw * c_in, src + j * c_in, c_in);
          }
        }
      }
    }
  }
}
