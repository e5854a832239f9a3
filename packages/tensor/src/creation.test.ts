import { describe, expect, it } from 'vitest';
import { arange, eye, full, linspace, ones, tensor, zeros, zerosLike } from './creation';
import { DtypeError, ShapeError, ValueError } from './errors';

describe('tensor', () => {
  it('reads nested arrays row-major, float32 by default', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('copies a typed array, keeping its dtype unless asked otherwise', () => {
    const source = new Float64Array([1, 2, 3, 4]);
    const t = tensor(source, { shape: [2, 2] });
    expect(t.dtype).toBe('float64');
    source[0] = 99;
    expect(t.get(0, 0)).toBe(1);
    expect(tensor(source, { dtype: 'float32' }).dtype).toBe('float32');
  });

  it('makes a rank-0 tensor from a number', () => {
    const t = tensor(2.5, { dtype: 'float64' });
    expect(t.shape).toEqual([]);
    expect(t.item()).toBe(2.5);
  });

  it('rejects ragged arrays, non-numbers and unknown dtypes with the reason', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged.*expected length 2 at depth 1/);
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(/expected a number at depth 1, got "a"/);
    expect(() => tensor([1], { dtype: 'int8' as never })).toThrow(DtypeError);
    expect(() => tensor(new Float32Array(4), { shape: [3] })).toThrow(/shape \[3\] holds 3 elements but the data has 4/);
  });
});

describe('constructors', () => {
  it('fills zeros, ones and constants in the requested dtype', () => {
    expect(Array.from(zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([3], { dtype: 'float64' }).data)).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    const like = zerosLike(ones([2, 3], { dtype: 'float64' }));
    expect([like.shape, like.dtype]).toEqual([[2, 3], 'float64']);
    expect(() => zeros([2, -1])).toThrow(/invalid shape \[2, -1\]/);
  });

  it('builds identities, also rectangular', () => {
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it('arange follows numpy: half-open, any step sign', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25, { dtype: 'float64' }).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(3, 1).size).toBe(0);
    expect(() => arange(0, 1, 0)).toThrow(ValueError);
  });

  it('linspace includes both ends exactly', () => {
    const z = linspace(-6, 6, 1001, { dtype: 'float64' });
    expect(z.size).toBe(1001);
    expect(z.get(0)).toBe(-6);
    expect(z.get(500)).toBeCloseTo(0, 12);
    expect(z.get(1000)).toBe(6);
    expect(linspace(0, 1, 1).toArray()).toEqual([0]);
    expect(linspace(0, 1, 0).size).toBe(0);
  });
});
