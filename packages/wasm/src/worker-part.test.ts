import { describe, expect, it } from 'vitest';
import { KERNELS_WASM_SHARED } from './kernels-wasm';
import { startWorkerPart } from './worker-part';

// Typed here, as in kernels.ts: the package's types have neither the DOM library nor @types/node's.
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

describe('the Node worker', () => {
  it('runs a part of any export on the shared memory, and reports a part that traps instead of leaving the caller waiting', () => {
    const memory = new WebAssembly.Memory({ initial: 128, maximum: 256, shared: true });
    const module = new WebAssembly.Module(Uint8Array.from(atob(KERNELS_WASM_SHARED), (c) => c.charCodeAt(0)));
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const heap = (instance.exports as { __heap_base: { value: number } }).__heap_base.value;
    const worker = startWorkerPart(module, memory, heap + 65536)!;
    // max_pool_backprop_f32 has no thread argument: the worker's trailing 1 is ignored.
    const at = heap + 65536;
    const f32 = new Float32Array(memory.buffer);
    const i32 = new Int32Array(memory.buffer);
    f32.set([5, 7], at / 4);
    i32.set([2, 0], at / 4 + 2);
    worker.start('max_pool_backprop_f32', [at, at + 8, at + 16, 2, 3]);
    worker.wait();
    expect(Array.from(f32.subarray(at / 4 + 4, at / 4 + 7))).toEqual([7, 0, 5]);
    // A product whose operands lie past the end of memory traps on the worker.
    worker.start('gemm_f32_part', [memory.buffer.byteLength - 64, at, at, 64, 64, 64, 0, 0, 0, 0, 64]);
    expect(() => worker.wait()).toThrow('the WebAssembly kernel failed on the worker thread');
    worker.start('max_pool_backprop_f32', [at, at + 8, at + 16, 2, 3]);
    expect(() => worker.wait()).not.toThrow();
    expect(() => worker.start('no_such_kernel', [])).toThrow('the WebAssembly module has no kernel no_such_kernel taking 0 arguments');
  });
});
