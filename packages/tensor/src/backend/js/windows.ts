import type { ConvGeometry } from '../backend';

// How a convolution or pooling window walks an NHWC batch, shared by the reference kernels.

/** Calls visit(b, oh, ow, outAt) for every output pixel, outAt the offset of its channels. */
export function forEachOutputPixel(g: ConvGeometry, visit: (b: number, oh: number, ow: number, outAt: number) => void): void {
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) visit(b, oh, ow, ((b * g.outHeight + oh) * g.outWidth + ow) * g.outChannels);
    }
  }
}

/**
 * Calls visit(pixelAt, tap) for every tap (i, j) of output pixel (b, oh, ow)'s window that lands
 * inside the input: pixelAt is the offset of that input pixel's channels, tap = i·kernelWidth + j.
 * Taps in the padding are skipped: zeros add nothing to a sum and never win a maximum.
 */
export function forEachTap(g: ConvGeometry, b: number, oh: number, ow: number, visit: (pixelAt: number, tap: number) => void): void {
  for (let i = 0; i < g.kernelHeight; i++) {
    const ih = oh * g.strideHeight - g.padTop + i * g.dilationHeight;
    if (ih < 0 || ih >= g.inHeight) continue;
    for (let j = 0; j < g.kernelWidth; j++) {
      const iw = ow * g.strideWidth - g.padLeft + j * g.dilationWidth;
      if (iw < 0 || iw >= g.inWidth) continue;
      visit(((b * g.inHeight + ih) * g.inWidth + iw) * g.inChannels, i * g.kernelWidth + j);
    }
  }
}
