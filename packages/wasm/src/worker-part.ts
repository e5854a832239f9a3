// The second thread of the shared build: a Node worker (worker_threads) that instantiates the same
// module on the same shared memory with a stack of its own, and runs one part of each product when
// the main thread says so. The two threads meet on an Int32Array over a SharedArrayBuffer: the main
// thread writes the arguments and sets the state to 1, the worker computes and sets it back to 0.

/** A running worker that computes the columns [jBegin, jEnd) of a product on thread 1's buffers. */
export interface WorkerPart {
  start(a: number, b: number, out: number, m: number, k: number, n: number, transposeA: number, transposeB: number, bias: number, jBegin: number, jEnd: number): void;
  /** Returns once the part is computed. */
  wait(): void;
}

// Runs in the worker, as CommonJS (eval: true).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, stackTop, control } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
instance.exports.__stack_pointer.value = stackTop;
const state = new Int32Array(control);
for (;;) {
  Atomics.wait(state, 0, 0);
  const a = state.subarray(1, 12);
  instance.exports.gemm_f32_part(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], 1);
  Atomics.store(state, 0, 0);
  Atomics.notify(state, 0);
}
`;

interface WorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => { unref(): void };
}

/** The worker, started; null where the runtime has no worker_threads (a browser, some runtimes). */
export function startWorkerPart(module: object, memory: object, stackTop: number): WorkerPart | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const threads = process?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
  if (!threads) return null;
  const control = new SharedArrayBuffer(4 * 12);
  const state = new Int32Array(control);
  const worker = new threads.Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, stackTop, control } });
  // A worker waiting for work must not keep the process alive.
  worker.unref();
  return {
    start(...args) {
      for (let i = 0; i < args.length; i++) state[1 + i] = args[i]!;
      Atomics.store(state, 0, 1);
      Atomics.notify(state, 0);
    },
    wait() {
      while (Atomics.load(state, 0) !== 0) Atomics.wait(state, 0, 1);
    },
  };
}
