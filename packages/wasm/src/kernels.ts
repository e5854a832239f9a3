import { canStartBrowserWorker, startBrowserWorkerPart } from './browser-worker-part';
import type { ConvExports, ConvKernels } from './conv-kernels';
import { convKernels } from './conv-kernels';
import type { ElementwiseExports, ElementwiseKernels } from './elementwise-kernels';
import { createElementwiseKernels } from './elementwise-kernels';
import { KERNELS_WASM, KERNELS_WASM_SHARED } from './kernels-wasm';
import type { WasmMemory } from './module-memory';
import { moduleMemory } from './module-memory';
import type { PoolExports, PoolKernels } from './pool-kernels';
import { poolKernels } from './pool-kernels';
import type { RecurrentExports, RecurrentKernels } from './recurrent-kernels';
import { createRecurrentKernels } from './recurrent-kernels';
import type { WorkerPart } from './worker-part';
import { startWorkerPart } from './worker-part';

// The part of the WebAssembly API used here, typed here: the package's types must not depend on the
// DOM library or on @types/node, which only some consumers have.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
  instantiate(module: object, imports: object): Promise<{ exports: unknown }>;
  compile(bytes: Uint8Array): Promise<object>;
}
declare const WebAssembly: WasmApi;

interface KernelExports extends ConvExports, PoolExports, ElementwiseExports, RecurrentExports {
  readonly memory: WasmMemory;
  readonly __heap_base: { readonly value: number };
  gemm_f32(a: number, b: number, out: number, m: number, k: number, n: number, transposeA: number, transposeB: number, bias: number): void;
  gemm_f32_part(a: number, b: number, out: number, m: number, k: number, n: number, transposeA: number, transposeB: number, bias: number, jBegin: number, jEnd: number, thread: number): void;
}

/** The module's kernels over typed arrays, as @nnts/tensor's wasm backend calls them. */
export interface WasmKernels extends ConvKernels, PoolKernels, ElementwiseKernels, RecurrentKernels {
  /** What the backend's `details` says. */
  readonly details: string;
  /**
   * out[m x n] = op(A)·op(B) (+ bias on every row), float32: A is [m, k] (stored [k, m] with
   * transposeA), B is [k, n] ([n, k] with transposeB). The operands are copied into the module's
   * memory and the result out.
   */
  matmulF32(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias: Float32Array | null): void;
}

/** The shared build's initial memory (scripts/build-wasm.mjs links it with 8 MB) and its limit, 2 GB. */
const SHARED_PAGES = { initial: 128, maximum: 32768 };
/** Bytes of stack for the worker's instance, the first thing after the heap base. */
const WORKER_STACK = 65536;
/** Column panels of the GEMM: a thread's part of the columns starts on a multiple of it. */
const NR = 8;
/** Below this many multiply-adds a second thread costs more than it saves. */
const PARALLEL_MACS = 1 << 18;

/** The module's bytes: base64 in the JavaScript, decoded with what every runtime has. */
function kernelBytes(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** What the loaders accept. */
export interface WasmKernelsOptions {
  /**
   * 1, or 2 for a second thread where the runtime allows one (Node's worker_threads; a Web Worker in a
   * cross-origin-isolated page); default NNTS_THREADS, else 2 where there are two cores.
   */
  readonly threads?: number;
}

/** The threads asked for, checked. */
function threadsOption(loader: string, options: WasmKernelsOptions): number {
  for (const key of Object.keys(options)) {
    if (key !== 'threads') throw new TypeError(`${loader}: unknown option '${key}' (expected: threads)`);
  }
  const threads = options.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`${loader}: threads must be a whole number >= 1, got ${String(threads)}`);
  return threads;
}

/**
 * The kernels, compiled synchronously: what Node, Bun and Deno allow for a module of any size (a
 * browser's main thread allows it only for small modules; there use loadWasmKernelsAsync).
 */
export function loadWasmKernels(options: WasmKernelsOptions = {}): WasmKernels {
  if (threadsOption('loadWasmKernels', options) > 1) {
    const shared = startShared();
    if (shared) return shared;
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelBytes(KERNELS_WASM)), {});
  return wrap(instance.exports as KernelExports, null);
}

/** NNTS_THREADS when set, else 2 where the machine (or the browser's) has two cores or more. */
function defaultThreads(): number {
  const process = (globalThis as { process?: { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown } }).process;
  const wanted = Number(process?.env?.NNTS_THREADS);
  if (Number.isInteger(wanted) && wanted >= 1) return Math.min(wanted, 2);
  const os = process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const navigator = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return (os?.availableParallelism?.() ?? navigator?.hardwareConcurrency ?? 1) >= 2 ? 2 : 1;
}

/** The shared build with a Node worker running its second instance; null where the runtime has no worker_threads or shared memory. */
function startShared(): WasmKernels | null {
  let memory: WasmMemory;
  try {
    memory = new WebAssembly.Memory({ ...SHARED_PAGES, shared: true });
  } catch {
    return null;
  }
  const module = new WebAssembly.Module(kernelBytes(KERNELS_WASM_SHARED));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  // The shared build imports its memory rather than exporting it.
  const exports = { ...(instance.exports as Omit<KernelExports, 'memory'>), memory };
  const worker = startWorkerPart(module, memory, exports.__heap_base.value + WORKER_STACK);
  return worker ? wrap(exports, worker) : null;
}

/** The shared build with a Web Worker running its second instance, compiled and instantiated asynchronously as a page's main thread must. */
async function startSharedInPage(): Promise<WasmKernels | null> {
  let memory: WasmMemory;
  try {
    memory = new WebAssembly.Memory({ ...SHARED_PAGES, shared: true });
  } catch {
    return null;
  }
  const module = await WebAssembly.compile(kernelBytes(KERNELS_WASM_SHARED));
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const exports = { ...(instance.exports as Omit<KernelExports, 'memory'>), memory };
  const worker = await startBrowserWorkerPart(module, memory, exports.__heap_base.value + WORKER_STACK);
  return worker ? wrap(exports, worker) : null;
}

/**
 * The kernels, compiled asynchronously: works everywhere, browsers' main threads included. Two threads
 * in a cross-origin-isolated page (a Web Worker) and in Node (worker_threads), one elsewhere.
 */
export async function loadWasmKernelsAsync(options: WasmKernelsOptions = {}): Promise<WasmKernels> {
  if (threadsOption('loadWasmKernelsAsync', options) > 1) {
    const shared = canStartBrowserWorker() ? await startSharedInPage() : startShared();
    if (shared) return shared;
  }
  const { instance } = await WebAssembly.instantiate(kernelBytes(KERNELS_WASM));
  return wrap(instance.exports as KernelExports, null);
}

function wrap(kernels: KernelExports, worker: WorkerPart | null): WasmKernels {
  // With a worker, the first WORKER_STACK bytes of the heap are its stack.
  const heapBase = kernels.__heap_base.value + (worker ? WORKER_STACK : 0);
  const memory = moduleMemory(kernels.memory, heapBase);
  return {
    ...createElementwiseKernels(kernels, memory),
    details: worker ? 'simd128, 2 threads' : 'simd128, 1 thread',
    matmulF32(a, b, out, m, k, n, transposeA, transposeB, bias) {
      // Each operand starts on a 16-byte boundary, for the kernels' vector loads.
      const [pa, pb, pout, pbias] = memory.place([m * k, k * n, m * n, bias ? n : 0]) as [number, number, number, number];
      const view = memory.f32;
      const [ia, ib, iout, ibias] = [pa / 4, pb / 4, pout / 4, pbias / 4];
      view.set(a.subarray(0, m * k), ia);
      view.set(b.subarray(0, k * n), ib);
      if (bias) view.set(bias.subarray(0, n), ibias);
      const args = [4 * ia, 4 * ib, 4 * iout, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0, bias ? 4 * ibias : 0] as const;
      // Two threads take a column half each (every element is still summed by one thread, in the
      // same order: the bits do not depend on the split).
      const split = Math.ceil(n / 2 / NR) * NR;
      if (worker && m * k * n >= PARALLEL_MACS && split < n) {
        worker.start('gemm_f32_part', [...args, split, n]);
        kernels.gemm_f32_part(...args, 0, split, 0);
        worker.wait();
      } else {
        kernels.gemm_f32(...args);
      }
      out.set(view.subarray(iout, iout + m * n));
    },
    ...convKernels(kernels, memory, worker),
    ...poolKernels(kernels, memory),
    ...createRecurrentKernels(kernels, memory),
  };
}
