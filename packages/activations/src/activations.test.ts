import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, ValueError, concat, maxRelativeError, numericalGradient, relativeError, tensor } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import type { Activation } from './activation';
import { ELU } from './elu';
import { ACTIVATION_NAMES, activationFromConfig } from './from-config';
import { GELU } from './gelu';
import { LeakyReLU } from './leaky-relu';
import { Linear } from './linear';
import { ReLU } from './relu';
import { SiLU } from './silu';
import { Sigmoid } from './sigmoid';
import { Softmax } from './softmax';
import { Softplus } from './softplus';
import { Tanh } from './tanh';

const all: Activation[] = [
  new Sigmoid(), new Tanh(), new ReLU(), new LeakyReLU({ alpha: 0.1 }), new ELU({ alpha: 1.5 }),
  new Softmax(), new Linear(), new GELU(), new SiLU(), new Softplus(),
];

/** Random inputs in [-5, 5], away from the kinks of ReLU-like functions. */
function moderate(seed: number): Tensor {
  const z = new RandomGenerator(seed).uniform([6, 5], -5, 5, { dtype: 'float64' });
  for (let i = 0; i < z.size; i++) if (Math.abs(z.data[i]!) < 1e-3) z.data[i] = 0.5;
  return z;
}

/** The moderate inputs plus the extremes the issue names (|z| up to 50). */
function withExtremes(seed: number): Tensor {
  return concat([moderate(seed), tensor([[50, -50, 20, -20, 0.3], [-35, 35, 8, -8, -0.7]], { dtype: 'float64' })]);
}

function backwardAgainstDifferences(activation: Activation, z: Tensor): [Tensor, Tensor] {
  const g = new RandomGenerator(2).normal(z.shape, 0, 1, { dtype: 'float64' });
  const loss = (x: Tensor): number => {
    const a = activation.forward(x);
    let s = 0;
    for (let i = 0; i < a.size; i++) s += g.data[i]! * a.data[i]!;
    return s;
  };
  return [activation.backward(g, z, activation.forward(z)), numericalGradient(loss, z)];
}

function derivativeAgainstDifferences(activation: Activation, z: Tensor): [Tensor, Tensor] {
  const h = 1e-6;
  const plus = activation.forward(tensor(z.data.map((v) => v + h), { shape: z.shape }));
  const minus = activation.forward(tensor(z.data.map((v) => v - h), { shape: z.shape }));
  return [activation.derivative(z), tensor(plus.data.map((v, i) => (v - minus.data[i]!) / (2 * h)), { shape: z.shape })];
}

const finite = (t: Tensor): boolean => Array.from(t.data).every(Number.isFinite);

describe('every activation against finite differences (float64)', () => {
  for (const activation of all) {
    it(`${activation.name}: backward matches the numerical gradient of sum(g · f(z)), |z| up to 50`, () => {
      for (const z of [moderate(1), withExtremes(1)]) {
        const [actual, expected] = backwardAgainstDifferences(activation, z);
        expect(relativeError(actual, expected)).toBeLessThan(1e-6);
        expect(finite(actual)).toBe(true);
      }
    });

    if (activation.name !== 'softmax') {
      it(`${activation.name}: derivative matches the difference quotient elementwise on [-5, 5], overall up to |z| = 50`, () => {
        const [actual, expected] = derivativeAgainstDifferences(activation, moderate(3));
        expect(maxRelativeError(actual, expected)).toBeLessThan(1e-6);
        const [extremeActual, extremeExpected] = derivativeAgainstDifferences(activation, withExtremes(3));
        expect(relativeError(extremeActual, extremeExpected)).toBeLessThan(1e-6);
        expect(finite(extremeActual)).toBe(true);
      });

      it(`${activation.name}: backward is exactly gradOutput times the derivative`, () => {
        const z = withExtremes(5);
        const g = new RandomGenerator(6).normal(z.shape, 0, 1, { dtype: 'float64' });
        const product = tensor(g.data.map((v, i) => v * activation.derivative(z).data[i]!), { shape: z.shape });
        expect(maxRelativeError(activation.backward(g, z, activation.forward(z)), product)).toBeLessThan(1e-12);
      });
    }
  }

  it('saturated tails, where no difference quotient can see, match closed forms', () => {
    const z = tensor([-50, -20, 20, 50], { dtype: 'float64' });
    const exact = (v: number): number => Math.exp(-Math.abs(v)) / (1 + Math.exp(-Math.abs(v))) ** 2;
    new Sigmoid().derivative(z).data.forEach((d, i) => expect(Math.abs(d - exact(z.data[i]!)) / exact(z.data[i]!)).toBeLessThan(1e-12));
    const tanhSlope = new Tanh().derivative(tensor([-10, 10], { dtype: 'float64' }));
    tanhSlope.data.forEach((d) => expect(Math.abs(d - 1 / Math.cosh(10) ** 2) / d).toBeLessThan(1e-6));
    const geluSlope = new GELU().derivative(tensor([-10], { dtype: 'float64' })).get(0);
    const expected = 0.5 * 1.5239706048320995e-23 + -10 * Math.exp(-50) / Math.sqrt(2 * Math.PI);
    expect(Math.abs(geluSlope - expected) / Math.abs(expected)).toBeLessThan(1e-12);
  });
});

describe('values', () => {
  it('sigmoid is stable and symmetric at large |z|', () => {
    const a = new Sigmoid().forward(tensor([-800, -50, 0, 50, 800], { dtype: 'float64' }));
    expect([a.get(0), a.get(2), a.get(3), a.get(4)]).toEqual([0, 0.5, 1, 1]);
    expect(Math.abs(a.get(1) - Math.exp(-50)) / Math.exp(-50)).toBeLessThan(1e-15); // σ(-50) = e^-50/(1+e^-50)
    expect(a.get(1)).toBeGreaterThan(0);
  });

  it('tanh stays inside (-1, 1): the seed printed ±2, a bug not kept here', () => {
    const a = new Tanh().forward(tensor([-6, -1, 0, 1, 6], { dtype: 'float64' }));
    expect(a.toArray()).toEqual([-6, -1, 0, 1, 6].map(Math.tanh));
  });

  it('ReLU family by hand, with PyTorch slopes at exactly 0', () => {
    const z = tensor([-2, 0, 3], { dtype: 'float64' });
    expect(new ReLU().forward(z).toArray()).toEqual([0, 0, 3]);
    expect(new ReLU().derivative(z).toArray()).toEqual([0, 0, 1]);
    expect(new LeakyReLU({ alpha: 0.1 }).forward(z).toArray()).toEqual([-0.2, 0, 3]);
    expect(new LeakyReLU({ alpha: 0.1 }).derivative(z).toArray()).toEqual([0.1, 0.1, 1]);
    expect(new LeakyReLU().alpha).toBe(0.01);
    expect(new ELU().forward(z).toArray()).toEqual([Math.expm1(-2), 0, 3]);
    expect(new ELU().derivative(tensor([-2], { dtype: 'float64' })).get(0)).toBeCloseTo(Math.exp(-2), 15);
  });

  it('GELU is the exact erf form, as PyTorch computes it', () => {
    // torch.nn.functional.gelu in float64, equal to z·Φ(z) from Python's math.erfc
    const z = tensor([1, -1, 3, -3, -10], { dtype: 'float64' });
    const expected = [0.8413447460685429, -0.15865525393145707, 2.99595030590511, -0.004049694094890287, -7.619853024160593e-23];
    new GELU().forward(z).data.forEach((v, i) => expect(Math.abs(v - expected[i]!) / Math.abs(expected[i]!)).toBeLessThan(1e-13));
  });

  it('softplus, SiLU and linear by hand', () => {
    const z = tensor([-1000, 0, 2, 1000], { dtype: 'float64' });
    expect(new Softplus().forward(z).toArray()).toEqual([0, Math.LN2, Math.log1p(Math.exp(2)), 1000]);
    expect(new SiLU().forward(tensor([0, 2], { dtype: 'float64' })).get(1)).toBeCloseTo(2 / (1 + Math.exp(-2)), 15);
    expect(new Linear().forward(z).toArray()).toEqual(z.toArray());
  });

  it('softmax rows sum to 1 and survive huge logits', () => {
    const a = new Softmax().forward(tensor([[1, 2, 3], [1000, 1000, -1000]], { dtype: 'float64' }));
    expect(a.get(0, 0) + a.get(0, 1) + a.get(0, 2)).toBeCloseTo(1, 15);
    expect(a.toArray()[1]).toEqual([0.5, 0.5, 0]);
    const diagonal = new Softmax().derivative(tensor([[0, 0]], { dtype: 'float64' }));
    expect(diagonal.toArray()).toEqual([[0.25, 0.25]]);
    expect(() => new Softmax().forward(tensor(1))).toThrow(ShapeError);
  });

  it('float32 in, float32 out', () => {
    for (const activation of all) expect(activation.forward(tensor([0.5, -0.5])).dtype).toBe('float32');
  });
});

describe('configuration', () => {
  it('round-trips every activation through plain JSON', () => {
    expect(ACTIVATION_NAMES).toHaveLength(all.length);
    for (const activation of all) {
      const config = JSON.parse(JSON.stringify(activation.getConfig()));
      const rebuilt = activationFromConfig(config);
      const z = withExtremes(4);
      expect(rebuilt.name).toBe(activation.name);
      expect(Array.from(rebuilt.forward(z).data)).toEqual(Array.from(activation.forward(z).data));
    }
  });

  it('rejects bad alphas, misspelt options and unknown names, saying which', () => {
    expect(() => new LeakyReLU({ alpha: Number.NaN })).toThrow('LeakyReLU: alpha must be a finite number, got NaN');
    expect(() => new ELU({ alpha: -1 })).toThrow(ValueError);
    expect(() => new LeakyReLU({ alhpa: 0.2 } as never)).toThrow("LeakyReLU: unknown option 'alhpa' (known: alpha)");
    expect(() => activationFromConfig({ name: 'swish2' })).toThrow(/unknown activation "swish2" \(known: sigmoid, tanh/);
    expect(() => activationFromConfig({ name: 'relu', alpha: 1 })).toThrow("relu: unknown option 'alpha'");
  });

  it('backward checks that its three tensors agree in shape', () => {
    const z = tensor([[1, 2]]);
    expect(() => new Sigmoid().backward(tensor([1]), z, z)).toThrow('sigmoid.backward: gradOutput [1], input [1, 2] and output [1, 2] must have one shape');
  });
});
