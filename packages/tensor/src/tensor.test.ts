import { describe, expect, it } from 'vitest';
import { tensor, zeros } from './creation';
import { DtypeError, ShapeError, ValueError } from './errors';

describe('Tensor', () => {
  it('indexes with negative indices and rejects out-of-range ones', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.get(1, -1)).toBe(6);
    expect(t.get(-2, 0)).toBe(1);
    expect(() => t.get(2, 0)).toThrow(/index 2 is out of range for axis 0 of shape \[2, 3\]/);
    expect(() => t.get(0)).toThrow(/got 1 indices for a tensor of shape \[2, 3\]/);
    t.setInPlace(9, 0, 1);
    expect(t.get(0, 1)).toBe(9);
  });

  it('item() only reads single-element tensors', () => {
    expect(tensor([[4]]).item()).toBe(4);
    expect(() => tensor([1, 2]).item()).toThrow(ShapeError);
  });

  it('toArray keeps nesting for every rank, and refuses rank 0', () => {
    expect(zeros([2, 1, 2]).toArray()).toEqual([[[0, 0]], [[0, 0]]]);
    expect(zeros([0]).toArray()).toEqual([]);
    expect(() => tensor(1).toArray()).toThrow(/use item\(\)/);
  });

  it('in-place methods mutate storage and check layout', () => {
    const y = tensor([1, 2, 3], { dtype: 'float64' });
    const x = tensor([10, 20, 30], { dtype: 'float64' });
    y.addScaledInPlace(x, 0.5).mulInPlace(x).scaleInPlace(2);
    expect(y.toArray()).toEqual([120, 480, 1080]);
    expect(y.fillInPlace(3).toArray()).toEqual([3, 3, 3]);
    expect(y.copyFrom(x).toArray()).toEqual([10, 20, 30]);
    expect(() => y.addScaledInPlace(tensor([1, 2]), 1)).toThrow(/shapes \[3\] and \[2\] differ/);
    expect(() => y.mulInPlace(tensor([1, 2, 3]))).toThrow(DtypeError);
  });

  it('shape metadata cannot be changed', () => {
    const t = zeros([2, 2]);
    expect(() => (t.shape as number[]).push(1)).toThrow(TypeError);
    expect(() => zeros([1.5])).toThrow(ShapeError);
    expect(() => t.get(0.5, 0)).toThrow(ValueError);
  });
});

describe('assertPairedShapes', () => {
  it('pairs equal shapes and [n] with [n, 1], and nothing that would broadcast', async () => {
    const { assertPairedShapes } = await import('./shape');
    expect(() => assertPairedShapes('mse', [3], [3, 1])).not.toThrow();
    expect(() => assertPairedShapes('mse', [2, 2], [2, 2])).not.toThrow();
    expect(() => assertPairedShapes('mse', [3], [1, 3])).toThrow('mse: yTrue [3] and yPred [1, 3] must have the same shape');
    expect(() => assertPairedShapes('mse', [3, 1], [3])).toThrow(ShapeError);
  });
});
