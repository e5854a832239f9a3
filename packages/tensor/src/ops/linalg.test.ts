import { describe, expect, it } from 'vitest';
import { eye, tensor } from '../creation';
import { RandomGenerator } from '../random';
import { referenceMatmul } from '../test-support/reference';
import { inv, lstsq, solve } from './linalg';
import { matmul } from './matmul';

describe('solve', () => {
  it('solves a system that needs pivoting', () => {
    const a = tensor([[0, 2, 1], [1, 1, 1], [2, 1, 0]], { dtype: 'float64' });
    const x = solve(a, tensor([5, 4, 4], { dtype: 'float64' }));
    expect(x.shape).toEqual([3]);
    [1, 2, 1].forEach((v, i) => expect(x.get(i)).toBeCloseTo(v, 12));
  });

  it('solves random well-conditioned systems with several right-hand sides', () => {
    const random = new RandomGenerator(3);
    const n = 20;
    const a = random.normal([n, n], 0, 1, { dtype: 'float64' });
    for (let i = 0; i < n; i++) a.data[i * n + i] += n; // diagonally dominant
    const b = random.normal([n, 3], 0, 1, { dtype: 'float64' });
    const x = solve(a, b);
    const back = referenceMatmul(a.data, x.data, n, n, 3, false, false);
    back.forEach((v, i) => expect(v).toBeCloseTo(b.data[i]!, 10));
  });

  it('inverts: a · inv(a) = I', () => {
    const a = tensor([[4, 7], [2, 6]], { dtype: 'float64' });
    const product = matmul(a, inv(a));
    const identity = eye(2, 2, { dtype: 'float64' });
    product.data.forEach((v, i) => expect(v).toBeCloseTo(identity.data[i]!, 12));
  });

  it('refuses singular and mis-shaped systems', () => {
    expect(() => solve(tensor([[1, 2], [2, 4]], { dtype: 'float64' }), tensor([1, 2], { dtype: 'float64' }))).toThrow(/singular/);
    expect(() => solve(tensor([[1, 2, 3]]), tensor([1]))).toThrow(/square matrix, got shape \[1, 3\]/);
    expect(() => solve(tensor([[1, 0], [0, 1]]), tensor([1, 2, 3]))).toThrow(/different numbers of rows/);
  });
});

describe('lstsq', () => {
  it('recovers the coefficients of an exact linear model', () => {
    const x = tensor([[1, 1], [1, 2], [1, 3], [1, 4]], { dtype: 'float64' });
    const y = tensor([[3], [5], [7], [9]], { dtype: 'float64' }); // y = 1 + 2x
    const beta = lstsq(x, y);
    expect(beta.shape).toEqual([2, 1]);
    expect(beta.get(0, 0)).toBeCloseTo(1, 12);
    expect(beta.get(1, 0)).toBeCloseTo(2, 12);
  });

  it('agrees with the normal equations on noisy data', () => {
    const random = new RandomGenerator(8);
    const x = random.normal([200, 4], 0, 1, { dtype: 'float64' });
    const y = random.normal([200], 0, 1, { dtype: 'float64' });
    const beta = lstsq(x, y);
    const xtx = matmul(x, x, { transposeA: true });
    const xty = matmul(x, tensor(y.data, { shape: [200, 1] }), { transposeA: true });
    const normal = solve(xtx, xty);
    for (let i = 0; i < 4; i++) expect(beta.get(i)).toBeCloseTo(normal.get(i, 0), 10);
  });

  it('reports rank deficiency and underdetermined systems', () => {
    expect(() => lstsq(tensor([[1, 2], [2, 4], [3, 6]], { dtype: 'float64' }), tensor([1, 2, 3], { dtype: 'float64' }))).toThrow(/rank deficient/);
    expect(() => lstsq(tensor([[1, 2, 3]]), tensor([1]))).toThrow(/underdetermined/);
  });
});
