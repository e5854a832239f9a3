// Max and average pooling over NHWC batches, with the very arithmetic of @nnts/tensor's TypeScript
// kernels (js/pool.ts), so that they give its bits: windows visit their taps in row-major order and skip
// those in the padding; a maximum is replaced only by a greater value (the first of equal ones wins, and
// NaN neither wins nor loses once it holds); a mean is summed in double and divided in double; the
// gradients are added into dx in float32 element after element, in output order. Threads split the
// samples, whose dx elements no other sample reaches, so every element is summed in the same order.
#include "conv.h"
#include "gemm.h"

// Runs the statements given last for every tap of output pixel (b, oh, ow)'s window inside the
// image, with `at` the offset of its input pixel's channels.
#define FOR_EACH_TAP(g, b, oh, ow, ...)                                           \
  for (int i = 0; i < (g)->kh; i++) {                                             \
    const int ih = (oh) * (g)->sh - (g)->pad_top + i * (g)->dh;                   \
    if (ih < 0 || ih >= (g)->in_h) continue;                                      \
    for (int j = 0; j < (g)->kw; j++) {                                           \
      const int iw = (ow) * (g)->sw - (g)->pad_left + j * (g)->dw;                \
      if (iw < 0 || iw >= (g)->in_w) continue;                                    \
      const int at = (((b) * (g)->in_h + ih) * (g)->in_w + iw) * (g)->in_c;       \
      __VA_ARGS__                                                                 \
    }                                                                             \
  }

// best[c] = v[c] and index[c] = at + c (index may be null) for the channels where v[c] > best[c], or
// all of them when `first`; four channels at a time, where v > best is false for NaN, as in JavaScript.
static inline void take_tap(float *__restrict best, int *__restrict index, const float *__restrict v, int at, int channels, int first) {
  const v128_t lanes = wasm_i32x4_make(0, 1, 2, 3);
  int c = 0;
  for (; c + 4 <= channels; c += 4) {
    const v128_t value = wasm_v128_load(v + c), position = wasm_i32x4_add(wasm_i32x4_splat(at + c), lanes);
    if (first) {
      wasm_v128_store(best + c, value);
      if (index) wasm_v128_store(index + c, position);
      continue;
    }
    const v128_t held = wasm_v128_load(best + c), greater = wasm_f32x4_gt(value, held);
    wasm_v128_store(best + c, wasm_v128_bitselect(value, held, greater));
    if (index) wasm_v128_store(index + c, wasm_v128_bitselect(position, wasm_v128_load(index + c), greater));
  }
#pragma clang loop vectorize(disable) unroll(disable)
  for (; c < channels; c++) {
    if (first || v[c] > best[c]) {
      best[c] = v[c];
      if (index) index[c] = at + c;
    }
  }
}

// Samples [batch_begin, batch_end) of out = each window's maximum, and with indices (else null) the
// flat index into x of each maximum. A window's taps are visited in order for all channels at once: the
// first tap is taken whatever it holds (as the TypeScript kernel's `bestAt < 0`), later ones only when
// greater; a window with no tap in the image (which the ops never make) gives -Infinity and -1.
__attribute__((export_name("max_pool_f32_part")))
void max_pool_f32_part(const ConvGeometry *g, const float *x, float *out, int *indices, int batch_begin, int batch_end, int thread) {
  (void)thread;
  const int channels = g->out_c;
  for (int b = batch_begin; b < batch_end; b++) {
    for (int oh = 0; oh < g->out_h; oh++) {
      for (int ow = 0; ow < g->out_w; ow++) {
        const int o0 = ((b * g->out_h + oh) * g->out_w + ow) * channels;
        int first = 1;
        FOR_EACH_TAP(g, b, oh, ow, {
          take_tap(out + o0, indices ? indices + o0 : 0, x + at, at, channels, first);
          first = 0;
        })
        if (first) {
          for (int c = 0; c < channels; c++) out[o0 + c] = -__builtin_inff();
          if (indices) for (int c = 0; c < channels; c++) indices[o0 + c] = -1;
        }
      }
    }
  }
}

// dx = dy routed to the maxima `indices`, summed where windows overlap; 0, with nothing written, when
// an index lies outside dx's dx_length elements. One thread: the indices may send any element anywhere.
__attribute__((export_name("max_pool_backprop_f32")))
int max_pool_backprop_f32(const float *dy, const int *indices, float *dx, int count, int dx_length) {
  for (int o = 0; o < count; o++) if (!(indices[o] >= 0 && indices[o] < dx_length)) return 0;
  for (int i = 0; i < dx_length; i++) dx[i] = 0.0f;
  for (int o = 0; o < count; o++) dx[indices[o]] += dy[o];
  return 1;
}

// Channels at a time of the means' sums and shares, per thread: doubles, as the TypeScript kernels keep them.
#define CHUNK 256
static double chunk[THREADS][CHUNK];

// The taps of output pixel (b, oh, ow)'s window inside the image.
static int tap_count(const ConvGeometry *g, int b, int oh, int ow) {
  int count = 0;
  FOR_EACH_TAP(g, b, oh, ow, { (void)at; count++; })
  return count;
}

// Samples [batch_begin, batch_end) of out = each window's mean over the input elements it covers.
__attribute__((export_name("avg_pool_f32_part")))
void avg_pool_f32_part(const ConvGeometry *g, const float *x, float *out, int batch_begin, int batch_end, int thread) {
  double *sums = chunk[thread];
  for (int b = batch_begin; b < batch_end; b++) {
    for (int oh = 0; oh < g->out_h; oh++) {
      for (int ow = 0; ow < g->out_w; ow++) {
        const int o0 = ((b * g->out_h + oh) * g->out_w + ow) * g->out_c, count = tap_count(g, b, oh, ow);
        for (int c0 = 0; c0 < g->out_c; c0 += CHUNK) {
          const int n = g->out_c - c0 < CHUNK ? g->out_c - c0 : CHUNK;
          for (int c = 0; c < n; c++) sums[c] = 0;
          FOR_EACH_TAP(g, b, oh, ow, {
            for (int c = 0; c < n; c++) sums[c] += x[at + c0 + c];
          })
          for (int c = 0; c < n; c++) out[o0 + c0 + c] = (float)(sums[c] / count);
        }
      }
    }
  }
}

// Samples [batch_begin, batch_end) of dx = each dy shared equally among the input elements its window
// covered. A window's taps reach distinct elements, so each element still gets its shares in output order.
__attribute__((export_name("avg_pool_backprop_f32_part")))
void avg_pool_backprop_f32_part(const ConvGeometry *g, const float *dy, float *dx, int batch_begin, int batch_end, int thread) {
  double *shares = chunk[thread];
  const int image_size = g->in_h * g->in_w * g->in_c;
  for (int i = batch_begin * image_size; i < batch_end * image_size; i++) dx[i] = 0.0f;
  for (int b = batch_begin; b < batch_end; b++) {
    for (int oh = 0; oh < g->out_h; oh++) {
      for (int ow = 0; ow < g->out_w; ow++) {
        const int o0 = ((b * g->out_h + oh) * g->out_w + ow) * g->out_c, count = tap_count(g, b, oh, ow);
        for (int c0 = 0; c0 < g->out_c; c0 += CHUNK) {
          const int n = g->out_c - c0 < CHUNK ? g->out_c - c0 : CHUNK;
          for (int c = 0; c < n; c++) shares[c] = (double)dy[o0 + c0 + c] / count;
          FOR_EACH_TAP(g, b, oh, ow, {
            for (int c = 0; c < n; c++) dx[at + c0 + c] = (float)((double)dx[at + c0 + c] + shares[c]);
          })
        }
      }
    }
  }
}
