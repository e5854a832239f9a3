import { describe, expect, it } from 'vitest';
import { tensor } from './creation';
import { matmul } from './ops/matmul';
import { addOnesColumn } from './ops/movement';
import { mean, sum, variance } from './ops/reduce';
import { assertBoolean, assertFiniteNumber, assertKnownOptions, assertOneOf, assertRandomGenerator, assertTensor } from './options';
import { RandomGenerator } from './random';

describe('option checks', () => {
  it('names an unknown option and lists the known ones', () => {
    expect(() => assertKnownOptions('LeakyReLU', { alhpa: 0.1 }, ['alpha'])).toThrow("LeakyReLU: unknown option 'alhpa' (known: alpha)");
    expect(() => assertKnownOptions('ReLU', { x: 1 }, [])).toThrow('(known: none)');
    expect(() => assertKnownOptions('LeakyReLU', { alpha: 0.1 }, ['alpha'])).not.toThrow();
  });

  it('requires finite numbers', () => {
    expect(() => assertFiniteNumber('ELU', 'alpha', Number.NaN)).toThrow('ELU: alpha must be a finite number, got NaN');
    expect(() => assertFiniteNumber('ELU', 'alpha', '1')).toThrow('got "1"');
    expect(() => assertFiniteNumber('ELU', 'alpha', 1)).not.toThrow();
  });

  it('requires booleans', () => {
    expect(() => assertBoolean('CrossEntropy', 'fromLogits', 'yes')).toThrow('CrossEntropy: fromLogits must be true or false, got "yes"');
    expect(() => assertBoolean('CrossEntropy', 'fromLogits', false)).not.toThrow();
  });
});

describe('every public options object is checked (issue 13, items 13 and 14)', () => {
  it('options that are not an object are refused, naming what came', () => {
    expect(() => assertKnownOptions('fit', null as never, ['epochs'])).toThrow('fit: options must be an object, got null');
    expect(() => assertKnownOptions('fit', [1] as never, ['epochs'])).toThrow('fit: options must be an object, got an array of 1');
  });

  it('names the allowed values, the generator and the tensor expected', () => {
    expect(() => assertOneOf('fit', 'verbose', 'loud', ['auto', 'silent'])).toThrow("fit: verbose must be one of 'auto', 'silent', got \"loud\"");
    expect(() => assertRandomGenerator('Dense', 'random', 42)).toThrow('Dense: random must be a RandomGenerator (for a seed write new RandomGenerator(42)), got 42');
    expect(() => assertRandomGenerator('Dense', 'random', new RandomGenerator(1))).not.toThrow();
    expect(() => assertTensor('predict', 'inputs', [[1, 2]])).toThrow('predict: inputs must be a Tensor, got an array of 1; wrap it with tensor(...)');
    expect(() => assertTensor('predict', 'inputs', tensor([1]))).not.toThrow();
  });

  it('matmul, the reductions, the random draws and addOnesColumn refuse unknown options', () => {
    const a = tensor([[1, 2], [3, 4]]);
    expect(() => matmul(a, a, { transposeb: true } as never)).toThrow("matmul: unknown option 'transposeb'");
    expect(() => sum(a, { axes: 0 } as never)).toThrow("sum: unknown option 'axes'");
    expect(() => mean(a, { keepDims: true } as never)).toThrow("mean: unknown option 'keepDims'");
    expect(() => variance(a, { ddf: 1 } as never)).toThrow("variance: unknown option 'ddf'");
    expect(() => new RandomGenerator(1).normal([2], 0, 1, { dtyp: 'float64' } as never)).toThrow("normal: unknown option 'dtyp'");
    expect(() => addOnesColumn(a, { at: 'last' } as never)).toThrow("addOnesColumn: unknown option 'at'");
  });
});
