// The optimisers, in order of increasing complexity. Each says how one parameter moves; the Optimizer
// base class does the rest (decay, clipping, slots, state).
import type { Tensor } from '@nnts/tensor';
import { ValueError, assertBoolean, assertFiniteNumber, assertKnownOptions, getBackend } from '@nnts/tensor';
import type { BaseOptions, OptimizerConfig } from './optimizer';
import { Optimizer, assertPositive } from './optimizer';

type Values = Float32Array | Float64Array;
const BASE = ['learningRate', 'decay', 'clipNorm'];

export interface SGDOptions extends BaseOptions {
  /** Velocity kept between steps, in [0, 1); 0 (plain gradient descent) by default. */
  readonly momentum?: number;
  /** Nesterov's look-ahead momentum (Sutskever et al., 2013); needs momentum > 0. */
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent, optionally with momentum: v = momentum·v - lr·g, then w += v, or with
 * Nesterov w += momentum·v - lr·g. Default learning rate 0.01.
 */
export class SGD extends Optimizer {
  readonly name = 'sgd';
  readonly momentum: number;
  readonly nesterov: boolean;
  protected readonly slotNames: readonly string[];

  constructor(options: SGDOptions = {}) {
    assertKnownOptions('SGD', options, [...BASE, 'momentum', 'nesterov']);
    super(options, 0.01);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    assertFiniteNumber('SGD', 'momentum', this.momentum);
    assertBoolean('SGD', 'nesterov', this.nesterov);
    if (this.momentum < 0 || this.momentum >= 1) throw new ValueError(`SGD: momentum must be in [0, 1), got ${this.momentum}`);
    if (this.nesterov && this.momentum === 0) throw new ValueError('SGD: nesterov needs momentum > 0');
    this.slotNames = this.momentum > 0 ? ['velocity'] : [];
  }

  protected update(w: Values, g: Values, slots: Readonly<Record<string, Tensor>>, lr: number): void {
    const backend = getBackend();
    if (this.momentum === 0) {
      backend.addScaled(w, g, -lr);
      return;
    }
    const v = slots.velocity!.data;
    if (backend.sgdMomentum) {
      backend.sgdMomentum(w, g, v, lr, this.momentum, this.nesterov);
      return;
    }
    const m = this.momentum;
    for (let i = 0; i < w.length; i++) {
      v[i] = m * v[i]! - lr * g[i]!;
      w[i] += this.nesterov ? m * v[i]! - lr * g[i]! : v[i]!;
    }
  }

  getConfig(): OptimizerConfig {
    return { name: this.name, ...this.baseConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}

export interface RMSPropOptions extends BaseOptions {
  /** Decay of the running mean of squared gradients; 0.9 by default. */
  readonly rho?: number;
  readonly epsilon?: number;
}

/** RMSProp (Hinton, 2012): s = rho·s + (1 - rho)·g², w -= lr·g / (√s + epsilon). Default learning rate 0.001. */
export class RMSProp extends Optimizer {
  readonly name = 'rmsprop';
  readonly rho: number;
  readonly epsilon: number;
  protected readonly slotNames = ['meanSquare'];

  constructor(options: RMSPropOptions = {}) {
    assertKnownOptions('RMSProp', options, [...BASE, 'rho', 'epsilon']);
    super(options, 0.001);
    this.rho = options.rho ?? 0.9;
    this.epsilon = options.epsilon ?? 1e-7;
    assertUnitInterval('RMSProp', 'rho', this.rho);
    assertPositive('RMSProp', 'epsilon', this.epsilon, true);
  }

  protected update(w: Values, g: Values, slots: Readonly<Record<string, Tensor>>, lr: number): void {
    const s = slots.meanSquare!.data;
    const backend = getBackend();
    if (backend.rmsprop) {
      backend.rmsprop(w, g, s, lr, this.rho, this.epsilon);
      return;
    }
    for (let i = 0; i < w.length; i++) {
      s[i] = this.rho * s[i]! + (1 - this.rho) * g[i]! * g[i]!;
      w[i] -= (lr * g[i]!) / (Math.sqrt(s[i]!) + this.epsilon);
    }
  }

  getConfig(): OptimizerConfig {
    return { name: this.name, ...this.baseConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}

export interface AdamOptions extends BaseOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Adam (Kingma and Ba, 2015): bias-corrected running means of the gradient and its square,
 * w -= lr·m̂ / (√v̂ + epsilon), as PyTorch computes it. Default learning rate 0.001.
 */
export class Adam extends Optimizer {
  readonly name: string = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  protected readonly slotNames = ['mean', 'variance'];

  constructor(options: AdamOptions = {}, known: readonly string[] = []) {
    assertKnownOptions(new.target.name, options, [...BASE, 'beta1', 'beta2', 'epsilon', ...known]);
    super(options, 0.001);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    assertUnitInterval('Adam', 'beta1', this.beta1);
    assertUnitInterval('Adam', 'beta2', this.beta2);
    assertPositive('Adam', 'epsilon', this.epsilon, true);
  }

  protected update(w: Values, g: Values, slots: Readonly<Record<string, Tensor>>, lr: number, step: number): void {
    this.adamUpdate(w, g, slots, lr, step, 1);
  }

  /** The Adam step, after shrinking the weights by `shrink` (AdamW's decoupled decay; 1 for Adam). */
  protected adamUpdate(w: Values, g: Values, slots: Readonly<Record<string, Tensor>>, lr: number, step: number, shrink: number): void {
    const m = slots.mean!.data;
    const v = slots.variance!.data;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** step;
    const correction2 = 1 - beta2 ** step;
    const backend = getBackend();
    if (backend.adam) {
      backend.adam(w, g, m, v, lr, beta1, beta2, epsilon, correction1, correction2, shrink);
      return;
    }
    if (shrink !== 1) for (let i = 0; i < w.length; i++) w[i] *= shrink;
    for (let i = 0; i < w.length; i++) {
      m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
      v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
      w[i] -= (lr * (m[i]! / correction1)) / (Math.sqrt(v[i]! / correction2) + epsilon);
    }
  }

  getConfig(): OptimizerConfig {
    return { name: this.name, ...this.baseConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay; 0.01 by default, as in PyTorch. */
  readonly weightDecay?: number;
}

/** AdamW (Loshchilov and Hutter, 2019): Adam with weight decay applied to the weights directly, w -= lr·λ·w, not through the gradient. */
export class AdamW extends Adam {
  override readonly name = 'adamw';
  readonly weightDecay: number;

  constructor(options: AdamWOptions = {}) {
    super(options, ['weightDecay']);
    this.weightDecay = options.weightDecay ?? 0.01;
    assertPositive('AdamW', 'weightDecay', this.weightDecay, false);
  }

  protected override update(w: Values, g: Values, slots: Readonly<Record<string, Tensor>>, lr: number, step: number): void {
    this.adamUpdate(w, g, slots, lr, step, 1 - lr * this.weightDecay);
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }
}

function assertUnitInterval(owner: string, option: string, value: number): void {
  assertFiniteNumber(owner, option, value);
  if (value < 0 || value >= 1) throw new ValueError(`${owner}: ${option} must be in [0, 1), got ${value}`);
}

/** Rebuilds an optimiser from its `getConfig()` (its state is restored separately with setState). */
export function optimizerFromConfig(config: OptimizerConfig): Optimizer {
  const { name, clipNorm, ...rest } = config as Record<string, unknown>;
  const options = { ...rest, ...(clipNorm ? { clipNorm } : {}) } as never;
  switch (name) {
    case 'sgd':
      return new SGD(options);
    case 'rmsprop':
      return new RMSProp(options);
    case 'adam':
      return new Adam(options);
    case 'adamw':
      return new AdamW(options);
    default:
      throw new ValueError(`optimizerFromConfig: unknown optimiser ${JSON.stringify(name)} (known: sgd, rmsprop, adam, adamw)`);
  }
}
