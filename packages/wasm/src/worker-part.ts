// The second thread of the shared build: a worker that instantiates the same module on the same shared
// memory with a stack of its own, and runs thread 1's part of a kernel call when the caller says so:
// a Node worker (worker_threads) here, a Web Worker in browser-worker-part.ts. The two threads meet on
// a small SharedArrayBuffer: the caller writes which export to run and its arguments and sets the state
// to 1, the worker runs the export with thread index 1 after those arguments and sets the state back to 0.

/** A running worker that computes thread 1's part of a kernel call. */
export interface WorkerPart {
  /** Starts export `kernel` of the module on the worker, called with `args` and then 1 (its thread index). */
  start(kernel: string, args: readonly number[]): void;
  /** Returns once the part is computed. */
  wait(): void;
}

// The part of the WebAssembly API used here, typed here (see kernels.ts).
declare const WebAssembly: { Module: { exports(module: object): readonly { name: string; kind: string }[] } };

/**
 * Bytes of the control block: the state, the export's index, the argument count and whether the part
 * failed, then the arguments as doubles (ints are exact in them).
 */
const CONTROL_BYTES = 16 + 8 * 24;

/**
 * The worker's loop, for both kinds of worker: `module`, `memory`, `stackTop` and `control` are in
 * scope. Exports are named by their index among the module's function exports, which both sides list
 * in the same order.
 */
export const WORKER_LOOP = `
const instance = new WebAssembly.Instance(module, { env: { memory } });
instance.exports.__stack_pointer.value = stackTop;
const kernels = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => instance.exports[e.name]);
const state = new Int32Array(control, 0, 4);
const args = new Float64Array(control, 16);
const serve = () => {
  for (;;) {
    Atomics.wait(state, 0, 0);
    try {
      kernels[state[1]](...args.subarray(0, state[2]), 1);
    } catch {
      // A trap (a bug): reported to the caller, which would otherwise wait for the part for ever.
      state[3] = 1;
    }
    Atomics.store(state, 0, 0);
    Atomics.notify(state, 0);
  }
};
`;

export function controlBlock(): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_BYTES);
}

/**
 * The caller's side of the control block. `block`: wait with Atomics.wait, where the caller's thread
 * may (Node); else spin on Atomics.load, as a page's main thread, which may not wait, has to. Spinning
 * costs little there: the caller has computed its own part, about as long as the worker's, first.
 */
export function workerPart(module: object, control: SharedArrayBuffer, block: boolean): WorkerPart {
  const names = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
  const state = new Int32Array(control, 0, 4);
  const args = new Float64Array(control, 16);
  return {
    start(kernel, values) {
      const index = names.indexOf(kernel);
      if (index < 0 || values.length > args.length) throw new Error(`the WebAssembly module has no kernel ${kernel} taking ${values.length} arguments`);
      state[1] = index;
      state[2] = values.length;
      args.set(values);
      Atomics.store(state, 0, 1);
      Atomics.notify(state, 0);
    },
    wait() {
      if (block) {
        while (Atomics.load(state, 0) !== 0) Atomics.wait(state, 0, 1);
      } else {
        while (Atomics.load(state, 0) !== 0);
      }
      if (state[3] === 1) {
        state[3] = 0;
        throw new Error('the WebAssembly kernel failed on the worker thread');
      }
    },
  };
}

// Runs in a Node worker, as CommonJS (eval: true).
const NODE_WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, stackTop, control } = workerData;
${WORKER_LOOP}
serve();
`;

interface WorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => { unref(): void };
}

/** A Node worker, started; null where the runtime has no worker_threads (a browser, some runtimes). */
export function startWorkerPart(module: object, memory: object, stackTop: number): WorkerPart | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const threads = process?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
  if (!threads) return null;
  const control = controlBlock();
  const worker = new threads.Worker(NODE_WORKER_SOURCE, { eval: true, workerData: { module, memory, stackTop, control } });
  // A worker waiting for work must not keep the process alive.
  worker.unref();
  return workerPart(module, control, true);
}
