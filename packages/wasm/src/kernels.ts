import { KERNELS_WASM } from './kernels-wasm';

// The part of the WebAssembly API used here, typed here: the package's types must not depend on the
// DOM library or on @types/node, which only some consumers have.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
}
declare const WebAssembly: WasmApi;

interface KernelExports {
  readonly memory: WasmMemory;
  readonly __heap_base: { readonly value: number };
  gemm_f32(a: number, b: number, out: number, m: number, k: number, n: number, transposeA: number, transposeB: number, bias: number): void;
}

/** The module's kernels over typed arrays, as @nnts/tensor's wasm backend calls them. */
export interface WasmKernels {
  /** What the backend's `details` says. */
  readonly details: string;
  /**
   * out[m x n] = op(A)·op(B) (+ bias on every row), float32: A is [m, k] (stored [k, m] with
   * transposeA), B is [k, n] ([n, k] with transposeB). The operands are copied into the module's
   * memory and the result out.
   */
  matmulF32(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Float32Array | null): void;
}

const PAGE = 65536;

/** The module's bytes: base64 in the JavaScript, decoded with what every runtime has. */
function kernelBytes(): Uint8Array {
  const text = atob(KERNELS_WASM);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The kernels, compiled synchronously: what Node, Bun and Deno allow for a module of any size (a
 * browser's main thread allows it only for small modules; there use loadWasmKernelsAsync).
 */
export function loadWasmKernels(): WasmKernels {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelBytes()), {});
  return wrap(instance.exports as KernelExports);
}

/** The kernels, compiled asynchronously: works everywhere, browsers' main threads included. */
export async function loadWasmKernelsAsync(): Promise<WasmKernels> {
  const { instance } = await WebAssembly.instantiate(kernelBytes());
  return wrap(instance.exports as KernelExports);
}

function wrap(kernels: KernelExports): WasmKernels {
  const heapBase = kernels.__heap_base.value;
  // A Float32 view of the module's memory, rebuilt when it grows (growing detaches the old buffer).
  let view = new Float32Array(kernels.memory.buffer);
  const reserve = (bytes: number): void => {
    const missing = heapBase + bytes - kernels.memory.buffer.byteLength;
    if (missing > 0) kernels.memory.grow(Math.ceil(missing / PAGE));
    if (view.buffer !== kernels.memory.buffer) view = new Float32Array(kernels.memory.buffer);
  };
  // Each operand starts on a 16-byte boundary, for the kernels' vector loads.
  const aligned = (floats: number): number => Math.ceil(floats / 4) * 4;
  return {
    details: 'simd128, 1 thread',
    matmulF32(a, b, out, m, k, n, transposeA, transposeB, bias) {
      const sizes = [aligned(m * k), aligned(k * n), aligned(m * n), bias ? aligned(n) : 0] as const;
      reserve(4 * (sizes[0] + sizes[1] + sizes[2] + sizes[3]));
      const start = heapBase / 4;
      const [ia, ib, iout, ibias] = [start, start + sizes[0], start + sizes[0] + sizes[1], start + sizes[0] + sizes[1] + sizes[2]];
      view.set(a.subarray(0, m * k), ia);
      view.set(b.subarray(0, k * n), ib);
      if (bias) view.set(bias.subarray(0, n), ibias);
      kernels.gemm_f32(4 * ia, 4 * ib, 4 * iout, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0, bias ? 4 * ibias : 0);
      out.set(view.subarray(iout, iout + m * n));
    },
  };
}
