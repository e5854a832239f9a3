import type { Backend, FloatArray } from '@nnts/tensor';
import { jsBackend } from '@nnts/tensor';
import { KERNELS_WASM } from './kernels-wasm';

// The part of the WebAssembly API this backend uses, typed here: the package's types must not depend
// on the DOM library or on @types/node, which only some consumers have.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
}
declare const WebAssembly: WasmApi;

interface KernelExports {
  readonly memory: WasmMemory;
  readonly __heap_base: { readonly value: number };
  gemm_f32(a: number, b: number, out: number, m: number, k: number, n: number, transposeA: number, transposeB: number, bias: number): void;
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
 * The WebAssembly backend: the module's SIMD128 GEMM for float32 products, and the TypeScript kernels
 * for the rest (float64 products included), so it runs every model the other backends run. Operands
 * are copied into the module's memory for each product and the result copied out: O(mk + kn + mn)
 * copies for O(mkn) arithmetic.
 *
 * @example
 * setBackend(await loadWasmBackend());
 */
export async function loadWasmBackend(): Promise<Backend> {
  const { instance } = await WebAssembly.instantiate(kernelBytes());
  return createWasmBackend(instance.exports as unknown as KernelExports);
}

function createWasmBackend(kernels: KernelExports): Backend {
  const heapBase = kernels.__heap_base.value;
  /** Float32 views of the module's memory, rebuilt when it grows (growing detaches the old buffer). */
  let view = new Float32Array(kernels.memory.buffer);
  const reserve = (bytes: number): void => {
    const missing = heapBase + bytes - kernels.memory.buffer.byteLength;
    if (missing > 0) kernels.memory.grow(Math.ceil(missing / PAGE));
    if (view.buffer !== kernels.memory.buffer) view = new Float32Array(kernels.memory.buffer);
  };
  // Each operand starts on a 16-byte boundary, for the kernels' vector loads.
  const aligned = (floats: number): number => Math.ceil(floats / 4) * 4;

  const matmul: Backend['matmul'] = (a, b, out, m, k, n, transposeA, transposeB, bias) => {
    if (!(a instanceof Float32Array)) return jsBackend.matmul(a, b, out, m, k, n, transposeA, transposeB, bias);
    const sizes = [aligned(m * k), aligned(k * n), aligned(m * n), bias ? aligned(n) : 0];
    reserve(4 * sizes.reduce((s, x) => s + x, 0));
    const offsets = [0, sizes[0]!, sizes[0]! + sizes[1]!, sizes[0]! + sizes[1]! + sizes[2]!].map((floats) => heapBase / 4 + floats);
    view.set(a.subarray(0, m * k), offsets[0]!);
    view.set((b as Float32Array).subarray(0, k * n), offsets[1]!);
    if (bias) view.set((bias as Float32Array).subarray(0, n), offsets[3]!);
    kernels.gemm_f32(4 * offsets[0]!, 4 * offsets[1]!, 4 * offsets[2]!, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0, bias ? 4 * offsets[3]! : 0);
    (out as FloatArray).set(view.subarray(offsets[2]!, offsets[2]! + m * n));
  };

  return { ...jsBackend, name: 'wasm', details: 'simd128, 1 thread', matmul };
}
