import type { Backend, ConvGeometry } from '../backend';
import { jsBackend } from '../js/js-backend';

/** What the backend needs of @nnts/wasm's kernels (its WasmKernels), stated here so tensor's types do not depend on that optional package. */
export interface WasmKernels {
  readonly details: string;
  matmulF32(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Float32Array | null): void;
  conv2dF32(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, geometry: ConvGeometry): void;
  conv2dBackpropInputF32(dy: Float32Array, kernel: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;
  conv2dBackpropFilterF32(x: Float32Array, dy: Float32Array, dkernel: Float32Array, geometry: ConvGeometry): void;
  maxPool2dF32(x: Float32Array, out: Float32Array, indices: Int32Array | null, geometry: ConvGeometry): void;
  maxPool2dBackpropF32(dy: Float32Array, indices: Int32Array, dx: Float32Array): boolean;
  avgPool2dF32(x: Float32Array, out: Float32Array, geometry: ConvGeometry): void;
  avgPool2dBackpropF32(dy: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;
}

/**
 * The WebAssembly backend: the module's SIMD128 kernels for float32 products, convolutions and
 * pooling, the TypeScript kernels for everything else (float64 included), so every model the other
 * backends run runs here.
 */
export function createWasmBackend(kernels: WasmKernels): Backend {
  return {
    ...jsBackend,
    name: 'wasm',
    details: kernels.details,
    matmul: (a, b, out, m, k, n, transposeA, transposeB, bias) => {
      if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array && (bias === null || bias instanceof Float32Array)) {
        kernels.matmulF32(a, b, out, m, k, n, transposeA, transposeB, bias);
      } else {
        jsBackend.matmul(a, b, out, m, k, n, transposeA, transposeB, bias);
      }
    },
    conv2d: (x, kernel, bias, out, g) => {
      if (x instanceof Float32Array && kernel instanceof Float32Array && out instanceof Float32Array && (bias === null || bias instanceof Float32Array)) {
        kernels.conv2dF32(x, kernel, bias, out, g);
      } else {
        jsBackend.conv2d(x, kernel, bias, out, g);
      }
    },
    conv2dBackpropInput: (dy, kernel, dx, g) => {
      if (dy instanceof Float32Array && kernel instanceof Float32Array && dx instanceof Float32Array) kernels.conv2dBackpropInputF32(dy, kernel, dx, g);
      else jsBackend.conv2dBackpropInput(dy, kernel, dx, g);
    },
    conv2dBackpropFilter: (x, dy, dkernel, g) => {
      if (x instanceof Float32Array && dy instanceof Float32Array && dkernel instanceof Float32Array) kernels.conv2dBackpropFilterF32(x, dy, dkernel, g);
      else jsBackend.conv2dBackpropFilter(x, dy, dkernel, g);
    },
    maxPool2d: (x, out, indices, g) => {
      if (x instanceof Float32Array && out instanceof Float32Array) kernels.maxPool2dF32(x, out, indices, g);
      else jsBackend.maxPool2d(x, out, indices, g);
    },
    maxPool2dBackprop: (dy, indices, dx) =>
      dy instanceof Float32Array && dx instanceof Float32Array ? kernels.maxPool2dBackpropF32(dy, indices, dx) : jsBackend.maxPool2dBackprop(dy, indices, dx),
    avgPool2d: (x, out, g) => {
      if (x instanceof Float32Array && out instanceof Float32Array) kernels.avgPool2dF32(x, out, g);
      else jsBackend.avgPool2d(x, out, g);
    },
    avgPool2dBackprop: (dy, dx, g) => {
      if (dy instanceof Float32Array && dx instanceof Float32Array) kernels.avgPool2dBackpropF32(dy, dx, g);
      else jsBackend.avgPool2dBackprop(dy, dx, g);
    },
  };
}
