import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation';
import { ShapeError, ValueError } from '../errors';
import { ravel, shapeArbitrary, size, unravel } from '../test-support/reference';
import { addOnesColumn, astype, concat, gatherRows, reshape, sliceRows, stack, transpose } from './movement';

describe('reshape', () => {
  it('keeps the data and infers one -1', () => {
    const x = arange(6);
    expect(reshape(x, [2, -1]).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(reshape(x, [3, 2]).data).toBe(x.data);
    expect(() => reshape(x, [4, -1])).toThrow('reshape: cannot reshape [6] (6 elements) into [4, -1]');
    expect(() => reshape(x, [-1, -1])).toThrow(ShapeError);
  });
});

describe('transpose', () => {
  it('matches index arithmetic for random permutations', () => {
    fc.assert(
      fc.property(
        shapeArbitrary(4, 4).chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length }))),
        ([shape, order]) => {
          const x = reshape(arange(size(shape), undefined, 1, { dtype: 'float64' }), shape);
          const y = transpose(x, order);
          expect(y.shape).toEqual(order.map((a) => shape[a]));
          for (let i = 0; i < y.size; i++) {
            const index = unravel(i, y.shape);
            const source = new Array<number>(shape.length);
            order.forEach((a, k) => (source[a] = index[k]!));
            expect(y.data[i]).toBe(ravel(source, shape));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reverses the axes by default and rejects bad permutations', () => {
    expect(transpose(tensor([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(() => transpose(zeros([2, 2]), [0, 0])).toThrow(ValueError);
  });
});

describe('rows: slicing and gathering mini-batches', () => {
  const x = reshape(arange(12), [4, 3]);

  it('slices rows without copying, clamping the end', () => {
    const batch = sliceRows(x, 1, 3);
    expect(batch.toArray()).toEqual([[3, 4, 5], [6, 7, 8]]);
    expect(batch.data.buffer).toBe(x.data.buffer);
    expect(sliceRows(x, 3, 10).shape).toEqual([1, 3]);
    expect(() => sliceRows(x, 2, 1)).toThrow(/0 <= start <= end/);
  });

  it('gathers rows by index, into a reused buffer', () => {
    expect(gatherRows(x, [3, 0, 3]).toArray()).toEqual([[9, 10, 11], [0, 1, 2], [9, 10, 11]]);
    const out = zeros([2, 3]);
    expect(gatherRows(x, new Int32Array([1, 2]), { out })).toBe(out);
    expect(out.toArray()).toEqual([[3, 4, 5], [6, 7, 8]]);
    expect(() => gatherRows(x, [4])).toThrow('gatherRows: index 4 at position 0 is out of range for 4 rows (shape [4, 3])');
  });
});

describe('concat and stack', () => {
  it('joins along any axis', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6]]);
    expect(concat([a, b]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(concat([a, tensor([[7], [8]])], 1).toArray()).toEqual([[1, 2, 7], [3, 4, 8]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([[1, 3], [2, 4]]);
  });

  it('names the shapes that do not fit', () => {
    expect(() => concat([zeros([2, 2]), zeros([2, 3])])).toThrow('concat: shapes [2, 2], [2, 3] differ outside axis 0');
    expect(() => stack([zeros([2]), zeros([3])])).toThrow(/stack: every tensor needs the same shape, got \[2\], \[3\]/);
    expect(() => concat([])).toThrow(ValueError);
  });
});

describe('addOnesColumn and astype', () => {
  it('prepends (or appends) the column of ones of the bias trick', () => {
    const x = tensor([[2, 3], [4, 5]]);
    expect(addOnesColumn(x).toArray()).toEqual([[1, 2, 3], [1, 4, 5]]);
    expect(addOnesColumn(x, { position: 'last' }).toArray()).toEqual([[2, 3, 1], [4, 5, 1]]);
    expect(() => addOnesColumn(tensor([1, 2]))).toThrow(ShapeError);
  });

  it('converts dtypes by copying', () => {
    const x = tensor([0.1], { dtype: 'float64' });
    const y = astype(x, 'float32');
    expect([y.dtype, y.get(0)]).toEqual(['float32', Math.fround(0.1)]);
  });
});
