import type { ConvGeometry } from './conv-geometry';
import { GEOMETRY_SLOTS, inputSize, kernelSize, outputSize, writeGeometry } from './conv-geometry';
import { halves, runParts } from './kernel-parts';
import type { ModuleMemory } from './module-memory';
import type { WorkerPart } from './worker-part';

/** The module's convolution exports (csrc/conv.c); pointers are byte addresses in its memory. */
export interface ConvExports {
  conv2d_f32_part(geometry: number, x: number, kernel: number, bias: number, out: number, pixelBegin: number, pixelEnd: number, thread: number): void;
  conv2d_filter_f32_part(geometry: number, x: number, dy: number, dkernel: number, tapBegin: number, tapEnd: number, filterBegin: number, filterEnd: number, thread: number): void;
  conv2d_input_f32_part(geometry: number, dy: number, kernel: number, dx: number, scratch: number, batchBegin: number, batchEnd: number, thread: number): void;
}

/**
 * Convolutions over NHWC batches in float32, kernels [kernelHeight, kernelWidth, inChannels,
 * outChannels] (Keras's layout): implicit GEMMs that pack image patches straight into the GEMM's panels.
 * The operands are copied into the module's memory and the result out.
 */
export interface ConvKernels {
  /** out = x ⋆ kernel (+ bias per output channel). */
  conv2dF32(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, geometry: ConvGeometry): void;
  /** dx = dL/dx from dy = dL/d(out). */
  conv2dBackpropInputF32(dy: Float32Array, kernel: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;
  /** dkernel = dL/d(kernel) from the input x and dy. */
  conv2dBackpropFilterF32(x: Float32Array, dy: Float32Array, dkernel: Float32Array, geometry: ConvGeometry): void;
}

/**
 * Below this many multiply-adds (about 50 µs on one thread) a second thread costs more than it saves:
 * waking the worker and waiting for it took 15-30 µs a call on a busy two-core machine.
 */
const PARALLEL_MACS = 1 << 20;
/** The GEMM's tile (csrc/gemm.h): parts of rows start on multiples of MR, parts of columns of NR. */
const MR = 4;
const NR = 8;
/** Pixels whose input gradient rows one block holds (csrc/gemm.h's MC). */
const MC = 72;

export function convKernels(exports: ConvExports, memory: ModuleMemory, worker: WorkerPart | null): ConvKernels {
  const macs = (g: ConvGeometry): number => g.batch * g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels;
  const taps = (g: ConvGeometry): number => g.kernelHeight * g.kernelWidth * g.inChannels;
  const pixels = (g: ConvGeometry): number => g.batch * g.outHeight * g.outWidth;
  return {
    conv2dF32(x, kernel, bias, out, g) {
      const [xs, ks, os] = [inputSize(g), kernelSize(g), outputSize(g)];
      const [at, ax, ak, abias, aout] = memory.place([GEOMETRY_SLOTS, xs, ks, bias ? g.outChannels : 0, os]) as [number, number, number, number, number];
      writeGeometry(memory.i32, at, g);
      memory.f32.set(x.subarray(0, xs), ax / 4);
      memory.f32.set(kernel.subarray(0, ks), ak / 4);
      if (bias) memory.f32.set(bias.subarray(0, g.outChannels), abias / 4);
      // Threads take the output pixels in two halves.
      const parts = halves(pixels(g), MR, worker !== null && macs(g) >= PARALLEL_MACS);
      runParts(exports.conv2d_f32_part, 'conv2d_f32_part', worker, [at, ax, ak, bias ? abias : 0, aout], parts);
      out.set(memory.f32.subarray(aout / 4, aout / 4 + os));
    },
    conv2dBackpropInputF32(dy, kernel, dx, g) {
      const [ys, ks, xs] = [outputSize(g), kernelSize(g), inputSize(g)];
      const scratch = MC * taps(g);
      const [at, ady, ak, adx, s0, s1] = memory.place([GEOMETRY_SLOTS, ys, ks, xs, scratch, worker ? scratch : 0]) as [number, number, number, number, number, number];
      writeGeometry(memory.i32, at, g);
      memory.f32.set(dy.subarray(0, ys), ady / 4);
      memory.f32.set(kernel.subarray(0, ks), ak / 4);
      // Threads take the samples in two halves: no element of dx gets sums from another sample's pixels.
      // Each thread gets a scratch block of its own, passed with its range.
      const parts = halves(g.batch, 1, worker !== null && macs(g) >= PARALLEL_MACS).map((range, thread) => [thread === 0 ? s0 : s1, ...range]);
      runParts(exports.conv2d_input_f32_part, 'conv2d_input_f32_part', worker, [at, ady, ak, adx], parts);
      dx.set(memory.f32.subarray(adx / 4, adx / 4 + xs));
    },
    conv2dBackpropFilterF32(x, dy, dkernel, g) {
      const [xs, ys, ks] = [inputSize(g), outputSize(g), kernelSize(g)];
      const [at, ax, ady, adk] = memory.place([GEOMETRY_SLOTS, xs, ys, ks]) as [number, number, number, number];
      writeGeometry(memory.i32, at, g);
      memory.f32.set(x.subarray(0, xs), ax / 4);
      memory.f32.set(dy.subarray(0, ys), ady / 4);
      // Threads take the kernel's rows (taps) in two halves, or where there are too few, its columns (filters).
      const parallel = worker !== null && macs(g) >= PARALLEL_MACS;
      const [t, f] = [taps(g), g.outChannels];
      const parts = t >= 2 * MR || f < 2 * NR
        ? halves(t, MR, parallel).map((range) => [...range, 0, f])
        : halves(f, NR, parallel).map((range) => [0, t, ...range]);
      runParts(exports.conv2d_filter_f32_part, 'conv2d_filter_f32_part', worker, [at, ax, ady, adk], parts);
      dkernel.set(memory.f32.subarray(adk / 4, adk / 4 + ks));
    },
  };
}
