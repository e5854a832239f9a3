// Max and average pooling over NHWC batches, with the very arithmetic of @nnts/tensor's TypeScript
// kernels (js/pool.ts), so that they give its bits: windows visit their taps in row-major order and skip
// those in the padding; a maximum is replaced only by a greater value (the first of equal ones wins, and
// NaN neither wins nor loses once it holds); a mean is summed in double and divided in double; the
// gradients are added into dx in float32 element after element, in output order. Threads split the
// samples, whose dx elements no other sample reaches, so every element is summed in the same order.
#include "conv.h"

// Calls BODY for every tap of output pixel (b, oh, ow)'s window inside the image, with `at` the offset
// of its input pixel's channels.
#define FOR_EACH_TAP(g, b, oh, ow, BODY)                                          \
  for (int i = 0; i < (g)->kh; i++) {                                             \
    const int ih = (oh) * (g)->sh - (g)->pad_top + i * (g)->dh;                   \
    if (ih < 0 || ih >= (g)->in_h) continue;                                      \
    for (int j = 0; j < (g)->kw; j++) {                                           \
      const int iw = (ow) * (g)->sw - (g)->pad_left + j * (g)->dw;                \
      if (iw < 0 || iw >= (g)->in_w) continue;                                    \
      const int at = (((b) * (g)->in_h + ih) * (g)->in_w + iw) * (g)->in_c;       \
      BODY                                                                        \
    }                                                                             \
  }

// Samples [batch_begin, batch_end) of out = each window's maximum, and with indices (else null) the
// flat index into x of each maximum.
__attribute__((export_name("max_pool_f32_part")))
void max_pool_f32_part(const ConvGeometry *g, const float *x, float *out, int *indices, int batch_begin, int batch_end) {
  for (int b = batch_begin; b < batch_end; b++) {
    for (int oh = 0; oh < g->out_h; oh++) {
      for (int ow = 0; ow < g->out_w; ow++) {
        const int o0 = ((b * g->out_h + oh) * g->out_w + ow) * g->out_c;
        for (int c = 0; c < g->out_c; c++) {
          float best = -__builtin_inff();
          int best_at = -1;
          FOR_EACH_TAP(g, b, oh, ow, {
            if (best_at < 0 || x[at + c] > best) {
              best = x[at + c];
              best_at = at + c;
            }
          })
          out[o0 + c] = best;
          if (indices) indices[o0 + c] = best_at;
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

// Samples [batch_begin, batch_end) of out = each window's mean over the input elements it covers.
__attribute__((export_name("avg_pool_f32_part")))
void avg_pool_f32_part(const ConvGeometry *g, const float *x, float *out, int batch_begin, int batch_end) {
  for (int b = batch_begin; b < batch_end; b++) {
    for (int oh = 0; oh < g->out_h; oh++) {
      for (int ow = 0; ow < g->out_w; ow++) {
        const int o0 = ((b * g->out_h + oh) * g->out_w + ow) * g->out_c;
        for (int c = 0; c < g->out_c; c++) {
          double sum = 0;
          int count = 0;
          FOR_EACH_TAP(g, b, oh, ow, {
            sum += x[at + c];
            count++;
          })
          out[o0 + c] = (float)(sum / count);
        }
      }
    }
  }
}

// Samples [batch_begin, batch_end) of dx = each dy shared equally among the input elements its window covered.
__attribute__((export_name("avg_pool_backprop_f32_part")))
void avg_pool_backprop_f32_part(const ConvGeometry *g, const float *dy, float *dx, int batch_begin, int batch_end) {
  const int image_size = g->in_h * g->in_w * g->in_c;
  for (int i = batch_begin * image_size; i < batch_end * image_size; i++) dx[i] = 0.0f;
  for (int b = batch_begin; b < batch_end; b++) {
    for (int oh = 0; oh < g->out_h; oh++) {
      for (int ow = 0; ow < g->out_w; ow++) {
        const int o0 = ((b * g->out_h + oh) * g->out_w + ow) * g->out_c;
        int count = 0;
        FOR_EACH_TAP(g, b, oh, ow, { (void)at; count++; })
        for (int c = 0; c < g->out_c; c++) {
          const double share = (double)dy[o0 + c] / count;
          FOR_EACH_TAP(g, b, oh, ow, { dx[at + c] = (float)((double)dx[at + c] + share); })
        }
      }
    }
  }
}
