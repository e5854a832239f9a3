// The window of a convolution or pooling kernel over an NHWC batch, as @nnts/tensor's ConvGeometry
// (the same fields in the same order: the TypeScript side writes them into the module's memory).
#pragma once

typedef struct {
  int batch, in_h, in_w, in_c, out_h, out_w, out_c, kh, kw, sh, sw, dh, dw, pad_top, pad_left;
} ConvGeometry;
