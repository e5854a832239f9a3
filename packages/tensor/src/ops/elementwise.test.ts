import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../creation';
import type { DType } from '../dtype';
import { DtypeError, ShapeError, ValueError } from '../errors';
import { broadcastPairArbitrary, referenceBroadcast, shapeArbitrary, size, valuesArbitrary } from '../test-support/reference';
import type { Operand } from './binary';
import * as binary from './binary';
import * as unary from './unary';

type BinaryFunction = (a: Operand, b: Operand, options?: { out?: never }) => ReturnType<typeof binary.add>;

const binaryCases: [string, BinaryFunction, (a: number, b: number) => number][] = [
  ['add', binary.add, (a, b) => a + b],
  ['sub', binary.sub, (a, b) => a - b],
  ['mul', binary.mul, (a, b) => a * b],
  ['div', binary.div, (a, b) => a / b],
  ['pow', binary.pow, (a, b) => a ** b],
  ['maximum', binary.maximum, (a, b) => (a >= b ? a : b)],
  ['minimum', binary.minimum, (a, b) => (a <= b ? a : b)],
  ['equal', binary.equal, (a, b) => Number(a === b)],
  ['notEqual', binary.notEqual, (a, b) => Number(a !== b)],
  ['less', binary.less, (a, b) => Number(a < b)],
  ['lessEqual', binary.lessEqual, (a, b) => Number(a <= b)],
  ['greater', binary.greater, (a, b) => Number(a > b)],
  ['greaterEqual', binary.greaterEqual, (a, b) => Number(a >= b)],
];

const unaryCases: [string, (x: ReturnType<typeof tensor>) => ReturnType<typeof tensor>, (x: number) => number][] = [
  ['neg', unary.neg, (x) => -x],
  ['abs', unary.abs, Math.abs],
  ['exp', unary.exp, Math.exp],
  ['log', unary.log, Math.log],
  ['sqrt', unary.sqrt, Math.sqrt],
  ['square', unary.square, (x) => x * x],
  ['tanh', unary.tanh, Math.tanh],
  ['sign', unary.sign, Math.sign],
];

function same(actual: ArrayLike<number>, expected: readonly number[]): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i]) && !(actual[i] === expected[i])) return false;
  return true;
}

describe('binary ops broadcast like numpy', () => {
  for (const [name, op, reference] of binaryCases) {
    it(`${name} matches the reference on random broadcastable shapes (float64)`, () => {
      fc.assert(
        fc.property(
          broadcastPairArbitrary().chain(([sa, sb]) => fc.tuple(fc.constant(sa), fc.constant(sb), valuesArbitrary(size(sa)), valuesArbitrary(size(sb)))),
          ([sa, sb, va, vb]) => {
            const a = tensor(new Float64Array(va), { shape: sa });
            const b = tensor(new Float64Array(vb), { shape: sb });
            const [expected, shape] = referenceBroadcast(va, sa, vb, sb, reference);
            const result = op(a, b);
            expect(result.shape).toEqual(shape);
            expect(same(result.data, expected)).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it('rejects every pair of shapes that does not broadcast, naming both', () => {
    fc.assert(
      fc.property(shapeArbitrary(3, 4), shapeArbitrary(3, 4), (sa, sb) => {
        const rank = Math.max(sa.length, sb.length);
        const fits = Array.from({ length: rank }, (_, i) => [sa[sa.length - rank + i] ?? 1, sb[sb.length - rank + i] ?? 1])
          .every(([x, y]) => x === y || x === 1 || y === 1);
        const call = (): unknown => binary.add(zeros(sa), zeros(sb));
        if (fits) expect(call).not.toThrow();
        else expect(call).toThrow(`add: shapes [${sa.join(', ')}] and [${sb.join(', ')}] cannot be broadcast together`);
      }),
      { numRuns: 200 },
    );
  });

  it('takes numbers on either side in the tensor dtype', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64' });
    expect(binary.sub(10, x).toArray()).toEqual([9, 8, 7]);
    expect(binary.div(x, 2).toArray()).toEqual([0.5, 1, 1.5]);
    expect(binary.greater(x, 1.5).toArray()).toEqual([0, 1, 1]);
    expect(binary.add(x, 1).dtype).toBe('float64');
  });

  it('rounds float32 results to float32', () => {
    const r = binary.div(tensor([1]), 3);
    expect(r.get(0)).toBe(Math.fround(1 / 3));
  });

  it('names the operation and both shapes when shapes do not broadcast', () => {
    expect(() => binary.add(zeros([2, 3]), zeros([4, 3]))).toThrow(ShapeError);
    expect(() => binary.mul(zeros([2, 3]), zeros([2]))).toThrow('mul: shapes [2, 3] and [2] cannot be broadcast together (axis -1: 3 vs 2)');
  });

  it('refuses to mix dtypes', () => {
    expect(() => binary.add(zeros([2], { dtype: 'float32' }), zeros([2], { dtype: 'float64' })))
      .toThrow(/add: dtypes differ: float32 \[2\] and float64 \[2\]/);
    expect(() => binary.add(1, 2)).toThrow(ValueError);
  });

  it('writes into out, which may be the left operand', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const bias = tensor([10, 20]);
    const result = binary.add(a, bias, { out: a });
    expect(result).toBe(a);
    expect(a.toArray()).toEqual([[11, 22], [13, 24]]);
    expect(() => binary.add(a, bias, { out: zeros([2]) })).toThrow(/out has shape \[2\] but the result has shape \[2, 2\]/);
    expect(() => binary.add(a, bias, { out: zeros([2, 2], { dtype: 'float64' }) })).toThrow(DtypeError);
  });

  it('follows IEEE for NaN and division by zero', () => {
    const x = tensor([1, -1, 0, Number.NaN], { dtype: 'float64' });
    expect(binary.div(x, 0).toArray()).toEqual([Infinity, -Infinity, Number.NaN, Number.NaN]);
    expect(binary.maximum(x, 0).toArray()).toEqual([1, 0, 0, Number.NaN]);
    expect(binary.equal(x, x).toArray()).toEqual([1, 1, 1, 0]);
  });
});

describe('unary ops', () => {
  for (const [name, op, reference] of unaryCases) {
    for (const dtype of ['float32', 'float64'] as DType[]) {
      it(`${name} matches Math on random shapes (${dtype})`, () => {
        fc.assert(
          fc.property(
            shapeArbitrary(3, 5, true).chain((s) => fc.tuple(fc.constant(s), valuesArbitrary(size(s)))),
            ([shape, values]) => {
              const x = tensor(new Float64Array(values), { shape, dtype });
              const expected = Array.from(x.data, (v) => (dtype === 'float32' ? Math.fround(reference(v)) : reference(v)));
              const result = op(x);
              expect(result.shape).toEqual(shape);
              expect(result.dtype).toBe(dtype);
              expect(same(result.data, expected)).toBe(true);
            },
          ),
          { numRuns: 40 },
        );
      });
    }
  }

  it('clip limits to the bounds and validates them', () => {
    expect(unary.clip(tensor([-5, 0.5, 5]), 0, 1).toArray()).toEqual([0, 0.5, 1]);
    expect(() => unary.clip(tensor([1]), 1, 0)).toThrow('clip: expected min <= max, got min 1 and max 0');
  });

  it('tanh is the real one: bounded by 1 (the seed printed values near 2)', () => {
    const t = unary.tanh(tensor([-6, 0, 6], { dtype: 'float64' }));
    expect(t.toArray()).toEqual([Math.tanh(-6), 0, Math.tanh(6)]);
    expect(Math.abs(t.get(0))).toBeLessThan(1);
  });

  it('writes into out in place', () => {
    const x = tensor([1, 4, 9]);
    expect(unary.sqrt(x, { out: x })).toBe(x);
    expect(x.toArray()).toEqual([1, 2, 3]);
  });
});
