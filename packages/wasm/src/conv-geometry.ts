/**
 * A window (a convolution kernel or a pooling window) sliding over an NHWC batch: @nnts/tensor's
 * ConvGeometry, field for field (this package depends on nothing, so it states the shape itself).
 * Output pixel (oh, ow) reads input rows oh·strideHeight - padTop + i·dilationHeight for
 * i < kernelHeight, and columns likewise; those outside the input are zeros.
 */
export interface ConvGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** The fields in csrc/conv.h's order. */
const FIELDS = [
  'batch', 'inHeight', 'inWidth', 'inChannels', 'outHeight', 'outWidth', 'outChannels', 'kernelHeight', 'kernelWidth',
  'strideHeight', 'strideWidth', 'dilationHeight', 'dilationWidth', 'padTop', 'padLeft',
] as const;

/** int32 slots the C struct takes. */
export const GEOMETRY_SLOTS = FIELDS.length;

/** Writes the geometry as csrc/conv.h's struct at byte address `at`. */
export function writeGeometry(i32: Int32Array, at: number, geometry: ConvGeometry): void {
  for (let i = 0; i < FIELDS.length; i++) i32[at / 4 + i] = geometry[FIELDS[i]!];
}

export const inputSize = (g: ConvGeometry): number => g.batch * g.inHeight * g.inWidth * g.inChannels;
export const outputSize = (g: ConvGeometry): number => g.batch * g.outHeight * g.outWidth * g.outChannels;
export const kernelSize = (g: ConvGeometry): number => g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels;
