import type { Tensor } from '@nnts/tensor';
import { NntsError, RandomGenerator, ShapeError, ValueError, matmul, numericalGradient, relativeError, tensor, transpose } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { constant, orthogonal } from '../initializers';
import { expectConfigRoundTrip, expectOutputShape, gradientCheck } from '../test-support/check-layer';
import { Bidirectional } from './bidirectional';
import { GRU } from './gru';
import { LSTM } from './lstm';
import type { Recurrent, RecurrentOptions } from './recurrent';
import { SimpleRNN } from './simple-rnn';

const random = (seed = 1): RandomGenerator => new RandomGenerator(seed);
const sequences = (batch = 3, steps = 4, features = 3, seed = 7): Tensor => random(seed).normal([batch, steps, features], 0, 1, { dtype: 'float64' });

/** Rows 0 and 2 end early (post-padding): [1, 1, 1, 0], [1, 1, 1, 1], [1, 1, 0, 0]. */
const postPadding = (): Tensor => tensor([[1, 1, 1, 0], [1, 1, 1, 1], [1, 1, 0, 0]], { dtype: 'float64' });

type Make = (options: RecurrentOptions) => Recurrent;
const kinds: [string, Make][] = [
  ['SimpleRNN', (o) => new SimpleRNN(o)],
  ['LSTM', (o) => new LSTM(o)],
  ['GRU', (o) => new GRU(o)],
];
const base = { units: 2, dtype: 'float64' as const, biasInitializer: constant(0.1) };

describe('recurrent layers against finite differences (float64): input, kernel, recurrent kernel, bias', () => {
  for (const [name, make] of kinds) {
    it(`${name}: last step, every step, backwards, without bias`, () => {
      gradientCheck(make({ ...base, random: random() }), sequences());
      gradientCheck(make({ ...base, returnSequences: true, random: random(2) }), sequences());
      gradientCheck(make({ ...base, returnSequences: true, goBackwards: true, random: random(3) }), sequences());
      gradientCheck(make({ ...base, useBias: false, random: random(4) }), sequences(2, 3, 5));
    });

    it(`${name}: with padded steps masked, repeating or zeroing their outputs`, () => {
      const options = { mask: postPadding() };
      gradientCheck(make({ ...base, random: random() }), sequences(), 1e-6, options);
      gradientCheck(make({ ...base, returnSequences: true, random: random(2) }), sequences(), 1e-6, options);
      gradientCheck(make({ ...base, returnSequences: true, zeroOutputForMask: true, goBackwards: true, random: random(3) }), sequences(), 1e-6, options);
    });
  }

  it('SimpleRNN with another activation', () => {
    gradientCheck(new SimpleRNN({ ...base, activation: 'sigmoid', random: random() }), sequences());
  });

  for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
    it(`Bidirectional (${mergeMode}), with and without a mask`, () => {
      gradientCheck(new Bidirectional({ layer: new LSTM({ ...base, returnSequences: true, random: random() }), mergeMode }), sequences());
      const gru = new Bidirectional({ layer: new GRU({ ...base }), mergeMode });
      gru.build([4, 3], { random: random(5) });
      gradientCheck(gru, sequences(), 1e-6, { mask: postPadding() });
    });
  }

  it('LSTM and GRU: the gradients reaching the initial states, and those of the final states (returnState)', () => {
    for (const make of [(o: RecurrentOptions) => new LSTM(o), (o: RecurrentOptions) => new GRU(o)]) {
      const layer = make({ ...base, returnState: true, returnSequences: true, random: random() });
      const x = sequences();
      const initial = Array.from({ length: layer.stateCount }, (_, k) => random(20 + k).normal([3, 2], 0, 1, { dtype: 'float64' }));
      const g = random(30).normal([3, 4, 2], 0, 1, { dtype: 'float64' });
      const gStates = initial.map((_, k) => random(40 + k).normal([3, 2], 0, 1, { dtype: 'float64' }));
      const loss = (): number => {
        const y = layer.forward(x, { initialState: initial });
        let s = 0;
        for (let i = 0; i < y.size; i++) s += g.data[i]! * y.data[i]!;
        layer.states.forEach((state, k) => {
          for (let i = 0; i < state.size; i++) s += gStates[k]!.data[i]! * state.data[i]!;
        });
        return s;
      };
      loss();
      layer.backward(g, gStates);
      layer.initialStateGradients.forEach((analytic, k) => {
        expect(relativeError(tensor(analytic.data, { shape: analytic.shape }), numericalGradient(loss, initial[k]!)), `state ${k}`).toBeLessThan(1e-6);
      });
    }
  });
});

// Reference values from PyTorch 1.13 (float64), given the same weights in Keras's layout: torch's
// LSTM has Keras's gate order (i, f, g, o) with transposed kernels; its GRU is the reset-after form
// with gates (r, z, n), permuted to Keras's (z, r, h). The weights and inputs are 0.5·sin(a·i + b).
describe("Keras's formulas and weight layout", () => {
  const fill = (shape: number[], a: number, b: number): Tensor => {
    const size = shape.reduce((p, d) => p * d, 1);
    return tensor(Array.from({ length: size }, (_, i) => Math.sin(i * a + b) * 0.5), { shape, dtype: 'float64' });
  };
  const x = fill([2, 3, 3], 0.7, 0.3);
  const load = (layer: Recurrent, w: Tensor, u: Tensor, b: Tensor): void => {
    layer.build([3, 3]);
    layer.weights.value.data.set(w.data);
    layer.recurrentWeights.value.data.set(u.data);
    layer.bias!.value.data.set(b.data);
  };

  it('LSTM outputs and final cell state', () => {
    const layer = new LSTM({ units: 2, returnSequences: true, returnState: true, dtype: 'float64', random: random() });
    load(layer, fill([3, 8], 1.3, 0.1), fill([2, 8], 0.9, 0.5), fill([8], 2.1, 0.2));
    const expected = [0.12209476811398945, -0.13658661291874546, 0.09590074336300719, -0.27265094636883097, 0.15610247513703931, -0.23730377185537882, 0.12143576255921135, -0.13723693430926362, 0.09555897754248403, -0.272567255960241, 0.15641535306438417, -0.2367358112439008];
    const y = layer.forward(x);
    [...y.data].forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    const c = [0.33403007220442726, -0.47739342427148057, 0.33538809746344495, -0.47677296187705415];
    [...layer.states[1]!.data].forEach((v, i) => expect(v).toBeCloseTo(c[i]!, 12));
  });

  it('GRU (reset after, bias [2, 3·units]) outputs', () => {
    const layer = new GRU({ units: 2, returnSequences: true, dtype: 'float64', random: random() });
    load(layer, fill([3, 6], 1.1, 0.4), fill([2, 6], 0.8, 0.6), fill([2, 6], 1.7, 0.9));
    expect(layer.bias!.value.shape).toEqual([2, 6]);
    const expected = [-0.07256636163296216, 0.040592577356246745, 0.09557146227597763, 0.05238556830047171, 0.44291345301815355, 0.15209425978709057, -0.07492457768225137, 0.03984106170221148, 0.10026626868142918, 0.05274931196682191, 0.44245341189909937, 0.15178237973499054];
    [...layer.forward(x).data].forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('weight shapes and initial values: Glorot kernel, orthogonal recurrent kernel, the forget gate bias at 1', () => {
    const layer = new LSTM({ units: 4, random: random() });
    layer.build([5, 3]);
    expect(layer.parameters().map((p) => [p.name, p.value.shape])).toEqual([['weights', [3, 16]], ['recurrentWeights', [4, 16]], ['bias', [16]]]);
    expect([...layer.bias!.value.data]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Orthonormal rows: U·Uᵀ = I.
    const u = layer.recurrentWeights.value;
    const product = matmul(u, transpose(u));
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(product.data[i * 4 + j]).toBeCloseTo(i === j ? 1 : 0, 5);
    expect(new SimpleRNN({ units: 3, random: random() }).outputShape([7, 2])).toEqual([3]);
    const gru = new GRU({ units: 3, returnSequences: true, random: random() });
    gru.build([7, 2]);
    expect(gru.parameters().map((p) => p.value.shape)).toEqual([[2, 9], [3, 9], [2, 9]]);
  });

  it('orthogonal: orthonormal columns for a tall shape, scaled by the gain', () => {
    const w = orthogonal(2).create([6, 3], 6, 3, 'float64', random());
    const product = matmul(transpose(w), w);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(product.data[i * 3 + j]).toBeCloseTo(i === j ? 4 : 0, 10);
  });
});

describe('masking', () => {
  for (const [name, make] of kinds) {
    it(`${name}: a padded sequence ends in the state the unpadded one reaches, either direction`, () => {
      for (const goBackwards of [false, true]) {
        const layer = make({ units: 3, dtype: 'float64', goBackwards, random: random() });
        const x = sequences(3, 4, 2);
        const lengths = [3, 4, 2];
        const full = tensor([...layer.forward(x, { mask: postPadding() }).data], { shape: [3, 3], dtype: 'float64' });
        lengths.forEach((length, b) => {
          const alone = tensor([...x.data.subarray(b * 8, b * 8 + length * 2)], { shape: [1, length, 2], dtype: 'float64' });
          const y = layer.forward(alone);
          [...y.data].forEach((v, j) => expect(full.data[b * 3 + j]).toBeCloseTo(v, 12));
        });
      }
    });
  }

  it('returnSequences passes the mask on; the last step alone ends it', () => {
    const mask = postPadding();
    expect(new LSTM({ units: 2, returnSequences: true }).computeMask(mask)).toBe(mask);
    expect(new LSTM({ units: 2 }).computeMask(mask)).toBeNull();
  });
});

describe('shapes and configuration', () => {
  it('outputs [batch, units] or [batch, time, units], and Bidirectional doubles the units when it concatenates', () => {
    expectOutputShape(new LSTM({ units: 5, random: random() }), sequences(2, 3, 4));
    expectOutputShape(new GRU({ units: 5, returnSequences: true, random: random() }), sequences(2, 3, 4));
    const bi = new Bidirectional({ layer: new SimpleRNN({ units: 5, returnSequences: true, dtype: 'float64' }) });
    bi.build([3, 4], { random: random() });
    expectOutputShape(bi, sequences(2, 3, 4));
    expect(bi.outputShape([3, 4])).toEqual([3, 10]);
    expect(bi.parameters().map((p) => p.name)).toEqual(['forward/weights', 'forward/recurrentWeights', 'forward/bias', 'backward/weights', 'backward/recurrentWeights', 'backward/bias']);
  });

  it('round-trips its config', () => {
    for (const layer of [
      new LSTM({ units: 3, returnSequences: true, goBackwards: true, unitForgetBias: false, l2: 0.01, random: random() }),
      new GRU({ units: 2, useBias: false, random: random() }),
      new SimpleRNN({ units: 4, activation: 'relu', random: random() }),
    ]) {
      layer.build([5, 3]);
      expectConfigRoundTrip(layer);
    }
    const bi = new Bidirectional({ layer: new GRU({ units: 2, returnSequences: true }), mergeMode: 'sum' });
    bi.build([5, 3], { random: random() });
    expectConfigRoundTrip(bi);
  });

  it('refuses bad configuration and input, naming the value', () => {
    expect(() => new LSTM({ units: 0 })).toThrow(/units must be an integer >= 1, got 0/);
    expect(() => new GRU({ units: 2.5 })).toThrow(ValueError);
    expect(() => new LSTM({ units: 2, returnSequence: true } as unknown as RecurrentOptions)).toThrow(/returnSequence/);
    expect(() => new GRU({ units: 2, resetAfter: false })).toThrow(/resetAfter must be true/);
    expect(() => new SimpleRNN({ units: 2, activation: 'softmax' })).toThrow(/elementwise/);
    expect(() => new LSTM({ units: 2, l2: -1 })).toThrow(/l2 must be >= 0/);
    // The checks Dense and Embedding make of the options they share with the recurrent layers.
    expect(() => new GRU({ units: 2, random: 42 as never })).toThrow(/GRU: random must be/);
    expect(() => new LSTM({ units: 2, recurrentInitializer: orthogonal as never })).toThrow(/LSTM: recurrentInitializer/);
    expect(() => new Bidirectional({ layer: new LSTM({ units: 2, returnState: true }) })).toThrow(/returnState/);
    const layer = new LSTM({ units: 2, random: random() });
    expect(() => layer.forward(random().normal([3, 4]))).toThrow(/expected a batch \[batch, time, features\], got \[3, 4\]/);
    layer.forward(sequences(3, 4, 3));
    expect(() => layer.forward(sequences(3, 4, 5))).toThrow(ShapeError);
    expect(() => layer.forward(sequences(3, 4, 3), { mask: tensor([[1, 1]]) })).toThrow(/mask must be \[batch, time\] = \[3, 4\], got \[1, 2\]/);
    expect(() => layer.forward(sequences(3, 4, 3), { initialState: [tensor([[0, 0]])] })).toThrow(/initialState must be 2 tensors/);
    expect(() => new LSTM({ units: 2 }).forward(sequences())).toThrow(/give the model a seed/);
    expect(() => new GRU({ units: 2 }).backward(tensor([[1, 2]]))).toThrow(NntsError);
  });
});
