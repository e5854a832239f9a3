import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ValueError, numericalGradient, relativeError, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { BinaryCrossEntropy } from './binary-cross-entropy';
import { CrossEntropy } from './cross-entropy';

const f64 = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'float64' });
const f32 = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'float32' });
const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

describe('BinaryCrossEntropy({ clip: false }) where p equals y in {0, 1} (item 22)', () => {
  it('has a finite gradient, the one-sided derivative of the terms that are there: -1 at p = y = 1, 1 at p = y = 0', () => {
    const bce = new BinaryCrossEntropy({ clip: false });
    const g = bce.backward(f64([[1], [0], [1], [0]]), f64([[1], [0], [0.5], [0.25]]));
    expect(Array.from(g.data)).toEqual([-1 / 4, 1 / 4, (0.5 - 1) / (0.5 * 0.5) / 4, 0.25 / (0.25 * 0.75) / 4]);
    expect(bce.forward(f64([1, 0]), f64([1, 0]))).toBe(0);
  });

  it('matches finite differences of the loss next to those points (p = 1 - h, p = h)', () => {
    const bce = new BinaryCrossEntropy({ clip: false });
    const y = f64([1, 0]);
    const p = f64([1 - 1e-9, 1e-9]);
    const numeric = numericalGradient((q) => bce.forward(y, q), p, { epsilon: 1e-12 });
    expect(relativeError(bce.backward(y, p), numeric)).toBeLessThan(1e-3);
  });
});

describe('backwardThroughSigmoid: dL/dz = (p - y) / N (item 21)', () => {
  it('is the derivative in z of the loss of σ(z), against finite differences in float64', () => {
    const random = new RandomGenerator(3);
    const z = random.uniform([6, 2], -6, 6, { dtype: 'float64' });
    const y = f64([[0, 1], [1, 0], [0.3, 1], [1, 1], [0, 0], [0.5, 0.9]]);
    const bce = new BinaryCrossEntropy();
    const probabilities = (zs: Tensor): Tensor => tensor(Float64Array.from(zs.data, sigmoid), { shape: [6, 2] });
    const ofZ = (zs: Tensor): number => bce.forward(y, probabilities(zs));
    const fused = bce.backwardThroughSigmoid(y, probabilities(z));
    expect(relativeError(fused, numericalGradient(ofZ, z))).toBeLessThan(1e-7);
  });

  it('at z = 16 in float32 is within 1e-7 of the float64 analytic value, where the separate chain was 5.6e-2 off', () => {
    const p = f32([[sigmoid(16)]]);
    const fused = new BinaryCrossEntropy().backwardThroughSigmoid(f32([[0]]), p).data[0]!;
    const exact = sigmoid(16); // (σ(16) - 0) / 1 in float64
    expect(Math.abs(fused - exact) / exact).toBeLessThan(1e-7);
  });

  it('refuses logits, which have their own gradient already', () => {
    expect(() => new BinaryCrossEntropy({ fromLogits: true }).backwardThroughSigmoid(f64([1]), f64([0.5]))).toThrow(ValueError);
  });
});

describe('saturated: every term at a clipping bound, some wrong (item 17)', () => {
  it('binary cross-entropy', () => {
    const bce = new BinaryCrossEntropy();
    expect(bce.saturated(f64([1, 0, 1]), f64([0, 1, 1]))).toBe(true);
    expect(bce.saturated(f64([1, 0]), f64([1, 0]))).toBe(false); // saturated but right: converged, not stuck
    expect(bce.saturated(f64([1, 0]), f64([0, 0.5]))).toBe(false);
    expect(new BinaryCrossEntropy({ clip: false }).saturated(f64([1]), f64([0]))).toBe(false);
  });

  it('cross-entropy, with labels and with one-hot rows', () => {
    const ce = new CrossEntropy();
    expect(ce.saturated(f64([0, 1]), f64([[0, 1], [0, 1]]))).toBe(true);
    expect(ce.saturated(f64([1, 1]), f64([[0, 1], [0, 1]]))).toBe(false);
    expect(ce.saturated(f64([[1, 0], [0, 1]]), f64([[0.5, 0.5], [0, 1]]))).toBe(false);
    expect(new CrossEntropy({ fromLogits: true }).saturated(f64([0]), f64([[-1e6, 1e6]]))).toBe(false);
  });
});
