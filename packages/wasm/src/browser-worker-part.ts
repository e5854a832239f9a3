import type { WorkerPart } from './worker-part';
import { WORKER_LOOP, controlBlock, workerPart } from './worker-part';

// The second thread in a browser: a Web Worker started from a Blob URL (nothing more to serve), which
// receives the compiled module and the shared memory in a message, instantiates the module on that
// memory and runs parts of kernel calls as the Node worker does. Shared memory can be sent to a worker
// only in a cross-origin-isolated page (served with Cross-Origin-Opener-Policy: same-origin and
// Cross-Origin-Embedder-Policy: require-corp), so only there. The page's main thread may not
// Atomics.wait: it spins on Atomics.load once its own part is done (worker-part.ts). And a worker may
// need the main thread's event loop to start: so it is started here, asynchronously, and the kernels
// are handed out only once it has said it is ready; from then on it needs nothing of the main thread.

const BROWSER_WORKER_SOURCE = `
self.onmessage = (event) => {
  self.onmessage = null;
  const { module, memory, stackTop, control } = event.data;
  ${WORKER_LOOP}
  self.postMessage('ready');
  serve();
};
`;

// The part of the DOM used here, typed here: the package's types must not depend on the DOM library.
interface BrowserScope {
  crossOriginIsolated?: boolean;
  Worker?: new (url: string) => BrowserWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
}
interface BrowserWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Whether this is a cross-origin-isolated page (or worker) that can start Web Workers. */
export function canStartBrowserWorker(): boolean {
  const scope = globalThis as BrowserScope;
  return scope.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' && !!scope.Worker && !!scope.Blob && !!scope.URL;
}

/** A Web Worker, started and ready; null where this is no cross-origin-isolated page, or the worker fails to start. */
export async function startBrowserWorkerPart(module: object, memory: object, stackTop: number): Promise<WorkerPart | null> {
  if (!canStartBrowserWorker()) return null;
  const scope = globalThis as unknown as Required<BrowserScope>;
  const control = controlBlock();
  const url = scope.URL.createObjectURL(new scope.Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new scope.Worker(url);
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (event) => reject(new Error(event.message ?? 'the worker failed'));
      worker.postMessage({ module, memory, stackTop, control });
    });
  } catch {
    worker.terminate();
    return null;
  } finally {
    scope.URL.revokeObjectURL(url);
  }
  worker.onmessage = null;
  worker.onerror = null;
  return workerPart(module, control, false);
}
