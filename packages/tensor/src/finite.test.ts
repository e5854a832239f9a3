import { describe, expect, it } from 'vitest';
import { tensor } from './creation';
import { ValueError } from './errors';
import { assertFinite, findNonFinite } from './finite';

describe('non-finite values', () => {
  it('finds the first NaN or infinity with its index', () => {
    expect(findNonFinite(tensor([[1, 2], [3, 4]]))).toBeNull();
    expect(findNonFinite(tensor([[1, 2], [Number.NaN, Infinity]]))).toEqual({ offset: 2, index: [1, 0], value: Number.NaN });
    expect(findNonFinite(tensor([0, -Infinity]))?.value).toBe(-Infinity);
  });

  it('names what held the bad value', () => {
    expect(() => assertFinite(tensor([[1, 2], [3, Number.NaN]]), 'X_train')).toThrow(ValueError);
    expect(() => assertFinite(tensor([[1, 2], [3, Number.NaN]]), 'X_train'))
      .toThrow('X_train contains NaN at index [1, 1] (shape [2, 2]); every element must be finite');
  });
});
