import type { Parameter } from '@nnts/layers';
import { ValueError, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import type { NamedParameter, Optimizer } from './optimizer';
import { Adam, AdamW, RMSProp, SGD, optimizerFromConfig } from './optimizers';

function parameter(values: number[], gradient: number[]): NamedParameter {
  const value = tensor(values, { dtype: 'float64' });
  const p: Parameter = { name: 'w', value, gradient: tensor(gradient, { dtype: 'float64' }), l1: 0, l2: 0 };
  return { key: 'layer.w', parameter: p };
}

/** Minimises Σ(w - 3)² from w = 0 and returns the final w. */
function minimise(optimizer: Optimizer, steps: number): number[] {
  const p = parameter([0, 0], [0, 0]);
  for (let i = 0; i < steps; i++) {
    p.parameter.value.data.forEach((w, j) => (p.parameter.gradient.data[j] = 2 * (w - 3)));
    optimizer.step([p]);
  }
  return Array.from(p.parameter.value.data);
}

describe('one step by hand', () => {
  it('SGD: w -= lr·g', () => {
    const p = parameter([1, 2], [0.5, -1]);
    new SGD({ learningRate: 0.1 }).step([p]);
    expect(Array.from(p.parameter.value.data)).toEqual([1 - 0.05, 2 + 0.1]);
  });

  it('SGD with momentum and with Nesterov, two steps', () => {
    const plain = parameter([1], [1]);
    const momentum = new SGD({ learningRate: 0.1, momentum: 0.9 });
    momentum.step([plain]); // v = -0.1, w = 0.9
    momentum.step([plain]); // v = -0.09 - 0.1 = -0.19, w = 0.71
    expect(plain.parameter.value.get(0)).toBeCloseTo(0.71, 15);
    const ahead = parameter([1], [1]);
    const nesterov = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
    nesterov.step([ahead]); // v = -0.1, w += 0.9·(-0.1) - 0.1 = 0.81
    expect(ahead.parameter.value.get(0)).toBeCloseTo(0.81, 15);
  });

  it('RMSProp: the first step is lr·g/(√((1-rho)g²) + ε)', () => {
    const p = parameter([1], [2]);
    new RMSProp({ learningRate: 0.01, rho: 0.9, epsilon: 1e-7 }).step([p]);
    expect(p.parameter.value.get(0)).toBeCloseTo(1 - (0.01 * 2) / (Math.sqrt(0.1 * 4) + 1e-7), 15);
  });

  it('Adam: the bias-corrected first step has size lr whatever the gradient scale', () => {
    for (const g of [1e-3, 5, -200]) {
      const p = parameter([1], [g]);
      new Adam({ learningRate: 0.01 }).step([p]);
      expect(p.parameter.value.get(0)).toBeCloseTo(1 - 0.01 * Math.sign(g), 6);
    }
  });

  it('AdamW shrinks the weights directly, besides the Adam step', () => {
    const p = parameter([2], [0]);
    new AdamW({ learningRate: 0.1, weightDecay: 0.5 }).step([p]);
    expect(p.parameter.value.get(0)).toBeCloseTo(2 * (1 - 0.05), 15);
  });
});

describe('shared behaviour', () => {
  it('every optimiser minimises a quadratic', () => {
    const cases: [Optimizer, number][] = [
      [new SGD({ learningRate: 0.1 }), 200], [new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), 300],
      [new RMSProp({ learningRate: 0.05 }), 500], [new Adam({ learningRate: 0.1 }), 500], [new AdamW({ learningRate: 0.1, weightDecay: 0 }), 500],
    ];
    for (const [optimizer, steps] of cases) for (const w of minimise(optimizer, steps)) expect(w, optimizer.name).toBeCloseTo(3, 2);
  });

  it('learning-rate decay as seed 001: lr / (1 + decay·t)', () => {
    const sgd = new SGD({ learningRate: 1, decay: 0.5 });
    expect(sgd.currentLearningRate).toBe(1);
    sgd.step([parameter([0], [0])]);
    sgd.step([parameter([0], [0])]);
    expect(sgd.currentLearningRate).toBe(0.5);
    expect(sgd.iterations).toBe(2);
  });

  it('clips all gradients together by their global norm', () => {
    const a = parameter([0], [3]);
    const b = parameter([0], [4]);
    new SGD({ learningRate: 1, clipNorm: 1 }).step([a, { key: 'other.w', parameter: b.parameter }]);
    expect(a.parameter.value.get(0)).toBeCloseTo(-0.6, 15);
    expect(b.parameter.value.get(0)).toBeCloseTo(-0.8, 15);
  });

  it('state can be inspected and restored: a restored optimiser continues identically', () => {
    const optimizer = new Adam({ learningRate: 0.05 });
    const p = parameter([1, -1], [0, 0]);
    const stepWith = (o: Optimizer, q: NamedParameter, g: number[]): void => {
      q.parameter.gradient.data.set(g);
      o.step([q]);
    };
    stepWith(optimizer, p, [0.3, -0.2]);
    const state = optimizer.getState();
    expect(Object.keys(state.slots['layer.w']!)).toEqual(['mean', 'variance']);
    expect(state.iterations).toBe(1);
    const twin = new Adam({ learningRate: 0.05 }).setState(state);
    const copy = parameter(Array.from(p.parameter.value.data), [0, 0]);
    stepWith(optimizer, p, [0.1, 0.4]);
    stepWith(twin, copy, [0.1, 0.4]);
    expect(Array.from(copy.parameter.value.data)).toEqual(Array.from(p.parameter.value.data));
    state.slots['layer.w']!.mean!.data[0] = 99; // the state handed out is a copy
    expect(optimizer.getState().slots['layer.w']!.mean!.get(0)).not.toBe(99);
  });

  it('round-trips configs and validates options', () => {
    for (const optimizer of [new SGD({ learningRate: 0.2, momentum: 0.5 }), new RMSProp(), new Adam({ beta1: 0.8 }), new AdamW({ weightDecay: 0.1, clipNorm: 5 })]) {
      expect(optimizerFromConfig(JSON.parse(JSON.stringify(optimizer.getConfig()))).getConfig()).toEqual(optimizer.getConfig());
    }
    expect(() => new SGD({ learningRate: -1 })).toThrow('SGD: learningRate must be > 0, got -1');
    expect(() => new SGD({ nesterov: true })).toThrow(/nesterov needs momentum > 0/);
    expect(() => new Adam({ beta1: 1 })).toThrow(ValueError);
    expect(() => new Adam({ lr: 0.1 } as never)).toThrow("Adam: unknown option 'lr'");
    expect(() => optimizerFromConfig({ name: 'lbfgs' })).toThrow(/unknown optimiser "lbfgs"/);
  });
});
