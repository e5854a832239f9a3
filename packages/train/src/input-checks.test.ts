// Public inputs of Sequential, fit, predict and evaluate held to what they promise (issue 13, items
// 13 to 17): options of the wrong name or kind, mixed dtypes, non-finite values and a saturated loss
// are each refused or reported up front, with an NntsError naming what was wrong and what is expected,
// and identically on every backend.
import { Softmax, Tanh } from '@nnts/activations';
import { ActivationLayer, Dense } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import type { BackendName, Tensor } from '@nnts/tensor';
import { DtypeError, NntsError, RandomGenerator, ValueError, astype, getBackend, nativeBackendStatus, setBackend } from '@nnts/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { TrainingError } from './errors';
import { SGD } from './optimizers';
import { Sequential } from './sequential';

const backends: BackendName[] = nativeBackendStatus().available ? ['native', 'js'] : ['js'];
const initial = getBackend();
afterEach(() => {
  setBackend(initial);
});

function model(seed = 1, dtype: 'float32' | 'float64' = 'float32'): Sequential {
  return new Sequential([new Dense(4, 6), new ActivationLayer(new Tanh()), new Dense(6, 3), new ActivationLayer(new Softmax())], { loss: new CrossEntropy(), seed, dtype });
}

function data(dtype: 'float32' | 'float64' = 'float32'): [Tensor, Tensor] {
  const random = new RandomGenerator(5);
  return [random.normal([30, 4], 0, 1, { dtype }), random.integers([30], 0, 3, { dtype })];
}

const sgd = (): SGD => new SGD({ learningRate: 0.1 });

describe('options of the wrong name or kind (item 13)', () => {
  it('Sequential refuses a misspelt option, a seed given as random, and a loss that is not one', () => {
    expect(() => new Sequential([new Dense(4, 3)], { loss: new CrossEntropy(), callback: [] } as never)).toThrow(/Sequential: unknown option 'callback'/);
    expect(() => new Sequential([new Dense(4, 3)], { loss: new CrossEntropy(), random: 42 } as never)).toThrow(/Sequential: random must be a RandomGenerator \(for a seed write new RandomGenerator\(42\)\), got 42/);
    expect(() => new Sequential([new Dense(4, 3)], { loss: 'crossEntropy' } as never)).toThrow(/Sequential: loss must be a Loss/);
    expect(() => new Sequential([new Dense(4, 3)], { loss: new CrossEntropy(), seed: 1.5 })).toThrow(/seed must be an integer, got 1.5/);
  });

  it('fit refuses values of the wrong kind, naming the option and what it expects', () => {
    const [x, y] = data();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ shuffle: 'no' }, /fit: shuffle must be true or false, got "no"/],
      [{ verbose: 'loud' }, /fit: verbose must be one of 'auto', 'bar', 'lines', 'silent', got "loud"/],
      [{ random: 42 }, /fit: random must be a RandomGenerator/],
      [{ callbacks: {} }, /fit: callbacks must be an array/],
      [{ metrics: 'accuracy' }, /fit: metrics must be an array/],
      [{ validationData: x }, /fit: validationData must be a pair/],
      [{ learningRateSchedule: 0.1 }, /fit: learningRateSchedule must be a function/],
      [{ onSaturatedLoss: 'panic' }, /fit: onSaturatedLoss must be one of 'warn', 'stop', 'ignore'/],
      [{ epochz: 3 }, /fit: unknown option 'epochz'/],
    ];
    for (const [options, message] of cases) expect(() => model().fit(x, y, { optimizer: sgd(), verbose: 'silent', ...options } as never)).toThrow(message);
  });

  it('fit without an optimiser, or without options, says what it needs', () => {
    const [x, y] = data();
    expect(() => model().fit(x, y, { epochs: 2 } as never)).toThrow(/fit: optimizer must be an Optimizer \(e.g. \{ optimizer: new SGD/);
    expect(() => model().fit(x, y, undefined as never)).toThrow(/fit: needs its options, with an optimizer/);
  });

  it('plain arrays where tensors belong are refused with the way to wrap them', () => {
    const [x, y] = data();
    const rows = x.toArray() as number[][];
    expect(() => model().fit(rows as never, y, { optimizer: sgd() })).toThrow(/fit: training inputs must be a Tensor, got an array of 30; wrap it with tensor/);
    expect(() => model().fit(x, Array.from(y.data) as never, { optimizer: sgd() })).toThrow(/fit: training targets must be a Tensor/);
    expect(() => model().predict(rows as never)).toThrow(/predict: inputs must be a Tensor/);
    expect(() => model().evaluate(x, [1, 2] as never)).toThrow(/evaluate: evaluation targets must be a Tensor/);
  });
});

describe('mixed dtypes are refused up front, the same on every backend (item 15)', () => {
  for (const backend of backends) {
    it(`${backend}: float64 targets or inputs for a float32 model, and the reverse`, () => {
      setBackend(backend);
      const [x, y] = data();
      const y64 = astype(y, 'float64');
      const fit = (m: Sequential, xs: Tensor, ys: Tensor): unknown => m.fit(xs, ys, { optimizer: sgd(), epochs: 2, verbose: 'silent' });
      expect(() => fit(model(), x, y64)).toThrow(DtypeError);
      expect(() => fit(model(), x, y64)).toThrow(/fit: training targets are float64 but the model's outputs are float32: convert them with astype\(y, 'float32'\)/);
      expect(() => fit(model(), astype(x, 'float64'), y)).toThrow(/fit: training inputs are float64 but the model computes in float32/);
      expect(() => fit(model(1, 'float64'), astype(x, 'float64'), y)).toThrow(/targets are float32 but the model's outputs are float64/);
      expect(() => model().fit(x, y, { optimizer: sgd(), validationData: [x, y64], verbose: 'silent' })).toThrow(/fit: validation targets are float64/);
      expect(() => model().evaluate(x, y64)).toThrow(/evaluate: evaluation targets are float64 but the model's outputs are float32/);
      expect(() => model().predict(astype(x, 'float64'))).toThrow(/predict: inputs are float64 but the model computes in float32/);
      // Converted deliberately, the same data trains.
      expect(() => fit(model(), x, astype(y64, 'float32'))).not.toThrow();
    });
  }
});

describe('predict and evaluate check their inputs for NaN and infinity as fit does (item 16)', () => {
  for (const backend of backends) {
    it(`${backend}: a NaN is named with its index instead of becoming a confident prediction`, () => {
      setBackend(backend);
      const [x, y] = data();
      x.data[7] = Number.NaN;
      expect(() => model().predict(x)).toThrow(ValueError);
      expect(() => model().predict(x)).toThrow(/predict: inputs contains NaN at index \[1, 3\]/);
      expect(() => model().evaluate(x, y)).toThrow(/evaluate: evaluation inputs contains NaN at index \[1, 3\]/);
      const [clean] = data();
      const targets = astype(y, 'float32');
      targets.data[2] = Number.POSITIVE_INFINITY;
      expect(() => model().evaluate(clean, targets)).toThrow(/evaluate: evaluation targets contains Infinity at index \[2\]/);
    });
  }
});

describe('a loss stuck at its clipping bound (item 17)', () => {
  // A learning rate of 1e6 drives the logits to ±1e6 in one step: every softmax output becomes 0 or 1,
  // the wrong ones sit at the clip (loss -log 1e-7 each), and the gradients vanish.
  const diverge = (onSaturatedLoss?: 'warn' | 'stop' | 'ignore'): { warnings: string[]; error: unknown; losses: readonly number[] } => {
    const [x, y] = data();
    const warnings: string[] = [];
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: string, options?: { code?: string }) => void warnings.push(`${options?.code}: ${warning}`)) as typeof process.emitWarning;
    const m = model(3);
    let error: unknown = null;
    let losses: readonly number[] = [];
    try {
      losses = m.fit(x, y, { optimizer: new SGD({ learningRate: 1e6 }), epochs: 4, batchSize: 30, shuffle: false, verbose: 'silent', ...(onSaturatedLoss ? { onSaturatedLoss } : {}) }).get('loss');
    } catch (caught) {
      error = caught;
    } finally {
      process.emitWarning = emitWarning;
    }
    return { warnings, error, losses };
  };

  it('warns once by default, naming the epoch, the bound and the learning rate', () => {
    const { warnings, error, losses } = diverge();
    expect(error).toBe(null);
    expect(losses).toHaveLength(4);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^NNTS_LOSS_SATURATED: the loss stayed at its clipping bound for all of epoch 2 .*-log 1e-7 = 16.1181.*Lower the learning rate \(1000000\)/);
  });

  it("stops with a TrainingError with onSaturatedLoss: 'stop', and says nothing with 'ignore'", () => {
    const stopped = diverge('stop');
    expect(stopped.error).toBeInstanceOf(TrainingError);
    expect(stopped.error).toBeInstanceOf(NntsError);
    expect((stopped.error as Error).message).toMatch(/epoch 2/);
    expect(diverge('ignore').warnings).toEqual([]);
  });

  it('a model that learns normally is never reported', () => {
    const [x, y] = data();
    const warnings: unknown[] = [];
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: string) => void warnings.push(warning)) as typeof process.emitWarning;
    try {
      model().fit(x, y, { optimizer: sgd(), epochs: 20, verbose: 'silent', onSaturatedLoss: 'stop' });
    } finally {
      process.emitWarning = emitWarning;
    }
    expect(warnings).toEqual([]);
  });
});
