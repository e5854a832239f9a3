import type { ConvGeometry } from './conv-geometry';
import { GEOMETRY_SLOTS, inputSize, outputSize, writeGeometry } from './conv-geometry';
import type { ModuleMemory } from './module-memory';

/** The module's pooling exports (csrc/pool.c); pointers are byte addresses in its memory. */
export interface PoolExports {
  max_pool_f32_part(geometry: number, x: number, out: number, indices: number, batchBegin: number, batchEnd: number, thread: number): void;
  max_pool_backprop_f32(dy: number, indices: number, dx: number, count: number, dxLength: number): number;
  avg_pool_f32_part(geometry: number, x: number, out: number, batchBegin: number, batchEnd: number, thread: number): void;
  avg_pool_backprop_f32_part(geometry: number, dy: number, dx: number, batchBegin: number, batchEnd: number, thread: number): void;
}

/**
 * Max and average pooling over NHWC batches in float32, with the bits of @nnts/tensor's TypeScript
 * kernels (padding never wins a maximum and is not counted in a mean, as in TensorFlow).
 */
export interface PoolKernels {
  /** out = each window's maximum; with `indices`, also the flat index into x of each (the first of equal ones). */
  maxPool2dF32(x: Float32Array, out: Float32Array, indices: Int32Array | null, geometry: ConvGeometry): void;
  /** dx = dy routed to `indices` (summed where they meet); false, with nothing written, when one lies outside dx. */
  maxPool2dBackpropF32(dy: Float32Array, indices: Int32Array, dx: Float32Array): boolean;
  /** out = each window's mean over the input elements it covers. */
  avgPool2dF32(x: Float32Array, out: Float32Array, geometry: ConvGeometry): void;
  /** dx = each dy shared equally among the input elements its window covered. */
  avgPool2dBackpropF32(dy: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;
}

/**
 * Pooling runs on the calling thread, with or without a worker: it reads each input element about once,
 * the copies in and out of the module's memory stay on this thread, and a second thread made it no
 * faster (measured on [64, 24, 24, 64] with 2x2 windows on a busy two-core machine: 1.4 ms on one
 * thread or two for the maximum, 1.5 ms for the mean). The C kernels take a range of samples and a
 * thread, so that can change without touching them.
 */
export function poolKernels(exports: PoolExports, memory: ModuleMemory): PoolKernels {
  const all = (g: ConvGeometry): [number, number, number] => [0, g.batch, 0];
  return {
    maxPool2dF32(x, out, indices, g) {
      const [xs, os] = [inputSize(g), outputSize(g)];
      const [at, ax, aout, aindices] = memory.place([GEOMETRY_SLOTS, xs, os, indices ? os : 0]) as [number, number, number, number];
      writeGeometry(memory.i32, at, g);
      memory.f32.set(x.subarray(0, xs), ax / 4);
      exports.max_pool_f32_part(at, ax, aout, indices ? aindices : 0, ...all(g));
      out.set(memory.f32.subarray(aout / 4, aout / 4 + os));
      if (indices) indices.set(memory.i32.subarray(aindices / 4, aindices / 4 + os));
    },
    maxPool2dBackpropF32(dy, indices, dx) {
      if (indices.length < dy.length) return false;
      const [ady, aindices, adx] = memory.place([dy.length, dy.length, dx.length]) as [number, number, number];
      memory.f32.set(dy, ady / 4);
      memory.i32.set(indices.subarray(0, dy.length), aindices / 4);
      if (!exports.max_pool_backprop_f32(ady, aindices, adx, dy.length, dx.length)) return false;
      dx.set(memory.f32.subarray(adx / 4, adx / 4 + dx.length));
      return true;
    },
    avgPool2dF32(x, out, g) {
      const [xs, os] = [inputSize(g), outputSize(g)];
      const [at, ax, aout] = memory.place([GEOMETRY_SLOTS, xs, os]) as [number, number, number];
      writeGeometry(memory.i32, at, g);
      memory.f32.set(x.subarray(0, xs), ax / 4);
      exports.avg_pool_f32_part(at, ax, aout, ...all(g));
      out.set(memory.f32.subarray(aout / 4, aout / 4 + os));
    },
    avgPool2dBackpropF32(dy, dx, g) {
      const [ys, xs] = [outputSize(g), inputSize(g)];
      const [at, ady, adx] = memory.place([GEOMETRY_SLOTS, ys, xs]) as [number, number, number];
      writeGeometry(memory.i32, at, g);
      memory.f32.set(dy.subarray(0, ys), ady / 4);
      exports.avg_pool_backprop_f32_part(at, ady, adx, ...all(g));
      dx.set(memory.f32.subarray(adx / 4, adx / 4 + xs));
    },
  };
}
