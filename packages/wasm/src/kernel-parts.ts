import type { WorkerPart } from './worker-part';

/** An export of the module that runs a part of a kernel call: its arguments, then the thread index. */
export type PartKernel = (...args: number[]) => number | void;

/**
 * Runs `kernel` on `args` followed by each range of `ranges`: the first on this thread (thread 0), the
 * second at the same time on the worker (thread 1). Without a worker, each range in turn here.
 * The kernels split their work so that each output element is computed by one thread, in an order that
 * does not depend on the split: the bits are the same on one thread or two.
 */
export function runParts(kernel: PartKernel, name: string, worker: WorkerPart | null, args: readonly number[], ranges: readonly (readonly number[])[]): void {
  if (worker && ranges.length > 1) {
    worker.start(name, [...args, ...ranges[1]!]);
    try {
      kernel(...args, ...ranges[0]!, 0);
    } finally {
      // Even when this part fails: the next call must not find the worker still busy.
      worker.wait();
    }
    return;
  }
  for (const range of ranges) kernel(...args, ...range, 0);
}

/** [0, count) in two parts at a multiple of `step` (one part where the second would be empty or the work small). */
export function halves(count: number, step: number, parallel: boolean): number[][] {
  const split = Math.ceil(count / 2 / step) * step;
  return parallel && split > 0 && split < count ? [[0, split], [split, count]] : [[0, count]];
}
