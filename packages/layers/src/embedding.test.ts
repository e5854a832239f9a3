import { RandomGenerator, ShapeError, ValueError, numericalGradient, relativeError, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { Embedding } from './embedding';
import { constant } from './initializers';
import { expectConfigRoundTrip, expectOutputShape } from './test-support/check-layer';

const ids = tensor([[3, 1, 0], [1, 1, 2]]);

describe('Embedding', () => {
  it('looks up one row of the table per id', () => {
    const layer = new Embedding({ inputDim: 4, outputDim: 2, random: new RandomGenerator(1) });
    layer.build([3]);
    layer.embeddings.value.data.set([0, 0.5, 10, 10.5, 20, 20.5, 30, 30.5]);
    const y = layer.forward(ids);
    expect(y.shape).toEqual([2, 3, 2]);
    expect(y.toArray()).toEqual([[[30, 30.5], [10, 10.5], [0, 0.5]], [[10, 10.5], [10, 10.5], [20, 20.5]]]);
    expectOutputShape(layer, ids);
  });

  it('has the gradient of finite differences (float64), in the rows used and nowhere else, batch after batch', () => {
    const layer = new Embedding({ inputDim: 6, outputDim: 3, dtype: 'float64', random: new RandomGenerator(2) });
    for (const batch of [tensor([[5, 1, 1], [0, 1, 2]]), tensor([[3, 3, 4], [4, 4, 4]])]) {
      const g = new RandomGenerator(3).normal([2, 3, 3], 0, 1, { dtype: 'float64' });
      const loss = (): number => {
        const y = layer.forward(batch);
        let s = 0;
        for (let i = 0; i < y.size; i++) s += g.data[i]! * y.data[i]!;
        return s;
      };
      layer.forward(batch);
      layer.backward(g);
      const analytic = tensor([...layer.embeddings.gradient.data], { shape: [6, 3], dtype: 'float64' });
      expect(relativeError(analytic, numericalGradient(loss, layer.embeddings.value))).toBeLessThan(1e-8);
      // The rows no id of this batch used are exactly zero (the last batch's rows were cleared).
      const used = new Set([...batch.data]);
      for (let row = 0; row < 6; row++) if (!used.has(row)) expect([...analytic.data.subarray(row * 3, row * 3 + 3)]).toEqual([0, 0, 0]);
    }
  });

  it('with maskZero, masks the steps whose id is 0', () => {
    const layer = new Embedding({ inputDim: 4, outputDim: 2, maskZero: true, random: new RandomGenerator(1) });
    layer.forward(ids);
    expect(layer.computeMask(null)!.toArray()).toEqual([[1, 1, 0], [1, 1, 1]]);
    const plain = new Embedding({ inputDim: 4, outputDim: 2, random: new RandomGenerator(1) });
    plain.forward(ids);
    expect(plain.computeMask(null)).toBeNull();
  });

  it('names the id that is outside the vocabulary or not an integer', () => {
    const layer = new Embedding({ inputDim: 4, outputDim: 2, random: new RandomGenerator(1) });
    expect(() => layer.forward(tensor([[1, 4]]))).toThrow(/Embedding: id 4 at \[0, 1\] is outside the vocabulary: ids must be integers in \[0, 4\)/);
    expect(() => layer.forward(tensor([[1], [2.5]]))).toThrow(/id 2.5 at \[1, 0\]/);
    expect(() => layer.forward(tensor([[-1]]))).toThrow(ValueError);
    expect(() => layer.forward(tensor([1, 2]))).toThrow(ShapeError);
  });

  it('refuses bad configuration and round-trips its config', () => {
    expect(() => new Embedding({ inputDim: 0, outputDim: 2 })).toThrow(/inputDim must be an integer >= 1, got 0/);
    expect(() => new Embedding({ inputDim: 3, outputDim: 2, maskzero: true } as never)).toThrow(/maskzero/);
    expect(() => new Embedding({ inputDim: 3, outputDim: 2 }).forward(ids)).toThrow(/give the model a seed/);
    const layer = new Embedding({ inputDim: 5, outputDim: 2, maskZero: true, initializer: constant(0.5) });
    layer.build([3]);
    expect([...layer.embeddings.value.data]).toEqual(Array(10).fill(0.5));
    expectConfigRoundTrip(layer);
  });
});
