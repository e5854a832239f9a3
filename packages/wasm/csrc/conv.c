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

// The taps of a block of P's columns, per thread: for tap element e, its offset in the image from its
// pixel's window corner, and its row and column in the window (for windows that overhang the image).
typedef struct {
  int offset[KC], row[KC], column[KC];
} Taps;
static Taps block_taps[THREADS];
// One pixel's taps for the filter gradient's packer, per thread.
static float patch_column[THREADS][MC + MR];

static inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static inline int min(int a, int b) { return a < b ? a : b; }

static void fill(float *dst, int n) {
  for (int q = 0; q < n; q++) dst[q] = 0.0f;
}
static void add(float *__restrict dst, const float *__restrict src, int n) {
  for (int q = 0; q < n; q++) dst[q] += src[q];
}

// The taps e0 .. e0 + n (n <= KC) of thread `thread`'s block.
static const Taps *taps_of(const ConvGeometry *g, int e0, int n, int thread) {
  Taps *t = &block_taps[thread];
  for (int q = 0; q < n; q++) {
    const int e = e0 + q, tap = e / g->in_c, c = e - tap * g->in_c, i = tap / g->kw, j = tap - i * g->kw;
    t->row[q] = i * g->dh;
    t->column[q] = j * g->dw;
    t->offset[q] = (t->row[q] * g->in_w + t->column[q]) * g->in_c + c;
  }
  return t;
}

// An output pixel (sample, row, column), walked in order without divisions.
typedef struct {
  int b, oh, ow;
} Pixel;

static Pixel pixel_at(const ConvGeometry *g, int pixel) {
  const int per_image = g->out_h * g->out_w, b = pixel / per_image, rest = pixel - b * per_image;
  return (Pixel){b, rest / g->out_w, rest % g->out_w};
}

static void next_pixel(const ConvGeometry *g, Pixel *px) {
  if (++px->ow < g->out_w) return;
  px->ow = 0;
  if (++px->oh < g->out_h) return;
  px->oh = 0;
  px->b++;
}

// Where px's window corner lies in x (possibly outside the image).
static inline const float *corner_of(const ConvGeometry *g, const float *x, Pixel px) {
  return x + ((px.b * g->in_h + px.oh * g->sh - g->pad_top) * g->in_w + px.ow * g->sw - g->pad_left) * g->in_c;
}

// Whether MR pixels from px on lie in one output row with their whole windows inside the image: then
// tap e of pixel px + l is at corner_of(px) + l·sw·in_c + offset(e), and a panel's values come a
// vector at a time.
static inline int row_inside(const ConvGeometry *g, Pixel px) {
  const int ih0 = px.oh * g->sh - g->pad_top, iw0 = px.ow * g->sw - g->pad_left;
  return px.ow + MR <= g->out_w && ih0 >= 0 && ih0 + (g->kh - 1) * g->dh < g->in_h && iw0 >= 0 &&
         iw0 + (MR - 1) * g->sw + (g->kw - 1) * g->dw < g->in_w;
}

// P(px + l, tap at `offset`) for l < MR, as a vector: one load where those pixels' values are adjacent.
static inline v128_t pixels_of_tap(const float *corner, int offset, int step) {
  const float *v = corner + offset;
  return step == 1 ? wasm_v128_load(v) : wasm_f32x4_make(v[0], v[step], v[2 * step], v[3 * step]);
}

// dst[q·step] = P(px, e0 + q) for the n taps of t: a gather without tests where the window lies inside
// the image (all of a 'valid' convolution's windows), zeros where a tap falls outside it.
static inline void gather(const ConvGeometry *g, const float *x, Pixel px, const Taps *t, int n, float *dst, int step) {
  const int ih0 = px.oh * g->sh - g->pad_top, iw0 = px.ow * g->sw - g->pad_left;
  const float *corner = corner_of(g, x, px);
  if (ih0 >= 0 && ih0 + (g->kh - 1) * g->dh < g->in_h && iw0 >= 0 && iw0 + (g->kw - 1) * g->dw < g->in_w) {
    for (int q = 0; q < n; q++) dst[q * step] = corner[t->offset[q]];
    return;
  }
  for (int q = 0; q < n; q++) {
    const int ih = ih0 + t->row[q], iw = iw0 + t->column[q];
    dst[q * step] = ih >= 0 && ih < g->in_h && iw >= 0 && iw < g->in_w ? corner[t->offset[q]] : 0.0f;
  }
}

// P as A: pixels [i0, i0 + mc), taps [p0, p0 + kc): row i of a panel is pixel i's taps, MR apart.
static void pack_patches(float *packed, const Operand *a, int i0, int mc, int p0, int kc, int thread) {
  const ConvGeometry *g = a->geometry;
  const Taps *t = taps_of(g, p0, kc, thread);
  const int step = g->sw * g->in_c;
  Pixel px = pixel_at(g, i0);
  for (int ip = 0; ip < mc; ip += MR) {
    float *panel = packed + ip * kc;
    if (ip + MR <= mc && row_inside(g, px)) {
      const float *corner = corner_of(g, a->data, px);
      for (int p = 0; p < kc; p++) wasm_v128_store(panel + p * MR, pixels_of_tap(corner, t->offset[p], step));
      for (int i = 0; i < MR; i++) next_pixel(g, &px);
      continue;
    }
    for (int i = 0; i < MR; i++) {
      if (ip + i < mc) {
        gather(g, a->data, px, t, kc, panel + i, MR);
        next_pixel(g, &px);
      } else {
        for (int p = 0; p < kc; p++) panel[p * MR + i] = 0.0f;
      }
    }
  }
}

// Pᵀ as A: taps [i0, i0 + mc) (mc <= MC), pixels [p0, p0 + kc). MR pixels in one row with their windows
// inside the image give each panel MR·MR values at a time: MR taps' vectors of MR pixels, transposed.
// Other pixels' taps are gathered into a column, then dealt across the panels (zeros past mc).
static void pack_patches_transposed(float *packed, const Operand *a, int i0, int mc, int p0, int kc, int thread) {
  const ConvGeometry *g = a->geometry;
  const Taps *t = taps_of(g, i0, mc, thread);
  float *column = patch_column[thread];
  const int whole = (mc + MR - 1) / MR * MR, full = mc / MR * MR, step = g->sw * g->in_c;
  for (int i = mc; i < whole; i++) column[i] = 0.0f;
  Pixel px = pixel_at(g, p0);
  for (int p = 0; p < kc;) {
    if (p + MR <= kc && full == whole && row_inside(g, px)) {
      const float *corner = corner_of(g, a->data, px);
      for (int r = 0; r < whole; r += MR) {
        const v128_t v0 = pixels_of_tap(corner, t->offset[r], step), v1 = pixels_of_tap(corner, t->offset[r + 1], step);
        const v128_t v2 = pixels_of_tap(corner, t->offset[r + 2], step), v3 = pixels_of_tap(corner, t->offset[r + 3], step);
        const v128_t t0 = wasm_i32x4_shuffle(v0, v1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(v2, v3, 0, 4, 1, 5);
        const v128_t t2 = wasm_i32x4_shuffle(v0, v1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(v2, v3, 2, 6, 3, 7);
        float *dst = packed + r * kc + p * MR;
        wasm_v128_store(dst, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
        wasm_v128_store(dst + MR, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
        wasm_v128_store(dst + 2 * MR, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
        wasm_v128_store(dst + 3 * MR, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
      }
      for (int l = 0; l < MR; l++, p++) next_pixel(g, &px);
      continue;
    }
    gather(g, a->data, px, t, mc, column, 1);
    for (int r = 0; r < whole; r += MR) {
      for (int l = 0; l < MR; l++) packed[r * kc + p * MR + l] = column[r + l];
    }
    p++;
    next_pixel(g, &px);
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
