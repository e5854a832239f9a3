import type { Parameter } from '@nnts/layers';
import type { DType, Tensor } from '@nnts/tensor';
import { ValueError, assertFiniteNumber, tensor, zeros } from '@nnts/tensor';

/** A parameter with the key that names it in its model ("dense_0.weights"). */
export interface NamedParameter {
  readonly key: string;
  readonly parameter: Parameter;
}

/** Everything needed to continue optimising exactly where an optimiser stopped. */
export interface OptimizerState {
  readonly iterations: number;
  readonly learningRate: number;
  /** Per parameter key, the named moment tensors (velocity, first and second moments...). */
  readonly slots: Readonly<Record<string, Readonly<Record<string, Tensor>>>>;
}

export interface OptimizerConfig {
  readonly name: string;
  readonly [option: string]: string | number | boolean;
}

export interface BaseOptions {
  /** Step size; each optimiser has its own default. */
  readonly learningRate?: number;
  /** Learning-rate decay as in seed 001: the rate at step t is learningRate / (1 + decay·t). 0 by default. */
  readonly decay?: number;
  /** Rescale all gradients together when their global L2 norm exceeds this (PyTorch's clip_grad_norm_). */
  readonly clipNorm?: number;
}

/**
 * What every optimiser shares: the step counter, learning-rate decay, gradient clipping by global
 * norm, and the per-parameter slots (moment estimates) created on first use and kept between steps.
 * Subclasses only say how one parameter moves.
 */
export abstract class Optimizer {
  abstract readonly name: string;
  /** The base learning rate; a schedule may change it between epochs. */
  learningRate: number;
  readonly decay: number;
  readonly clipNorm: number | null;
  private iterationCount = 0;
  private readonly slots = new Map<string, Record<string, Tensor>>();

  protected constructor(options: BaseOptions, defaultLearningRate: number) {
    this.learningRate = options.learningRate ?? defaultLearningRate;
    this.decay = options.decay ?? 0;
    this.clipNorm = options.clipNorm ?? null;
    assertPositive(this.constructor.name, 'learningRate', this.learningRate, true);
    assertPositive(this.constructor.name, 'decay', this.decay, false);
    if (this.clipNorm !== null) assertPositive(this.constructor.name, 'clipNorm', this.clipNorm, true);
  }

  get iterations(): number {
    return this.iterationCount;
  }

  /** The learning rate the next step uses, after decay. */
  get currentLearningRate(): number {
    return this.learningRate / (1 + this.decay * this.iterationCount);
  }

  /** Moves every parameter one step against its gradient. */
  step(parameters: readonly NamedParameter[]): void {
    const learningRate = this.currentLearningRate;
    this.iterationCount++;
    if (this.clipNorm !== null) clipByGlobalNorm(parameters, this.clipNorm);
    for (let p = 0; p < parameters.length; p++) {
      const { key, parameter } = parameters[p]!;
      this.update(parameter.value.data, parameter.gradient.data, this.slotsFor(key, parameter.value), learningRate, this.iterationCount);
    }
  }

  getState(): OptimizerState {
    const slots: Record<string, Record<string, Tensor>> = {};
    for (const [key, named] of this.slots) {
      slots[key] = Object.fromEntries(Object.entries(named).map(([name, t]) => [name, tensor(t.data, { shape: t.shape })]));
    }
    return { iterations: this.iterationCount, learningRate: this.learningRate, slots };
  }

  setState(state: OptimizerState): this {
    if (!Number.isInteger(state.iterations) || state.iterations < 0) throw new ValueError(`${this.name}.setState: iterations must be an integer >= 0, got ${state.iterations}`);
    this.iterationCount = state.iterations;
    this.learningRate = state.learningRate;
    this.slots.clear();
    for (const [key, named] of Object.entries(state.slots)) {
      this.slots.set(key, Object.fromEntries(Object.entries(named).map(([name, t]) => [name, tensor(t.data, { shape: t.shape })])));
    }
    return this;
  }

  abstract getConfig(): OptimizerConfig;

  /** The names of the moment tensors this optimiser keeps per parameter. */
  protected abstract readonly slotNames: readonly string[];

  protected abstract update(
    value: Float32Array | Float64Array, gradient: Float32Array | Float64Array,
    slots: Readonly<Record<string, Tensor>>, learningRate: number, step: number,
  ): void;

  protected baseConfig(): { learningRate: number; decay: number; clipNorm: number } {
    return { learningRate: this.learningRate, decay: this.decay, clipNorm: this.clipNorm ?? 0 };
  }

  private slotsFor(key: string, value: Tensor): Readonly<Record<string, Tensor>> {
    let named = this.slots.get(key);
    if (!named) {
      named = Object.fromEntries(this.slotNames.map((name) => [name, zeros(value.shape, { dtype: value.dtype as DType })]));
      this.slots.set(key, named);
    }
    return named;
  }
}

function clipByGlobalNorm(parameters: readonly NamedParameter[], maxNorm: number): void {
  let squares = 0;
  for (const { parameter } of parameters) for (const g of parameter.gradient.data) squares += g * g;
  const norm = Math.sqrt(squares);
  if (norm <= maxNorm) return;
  const scale = maxNorm / norm;
  for (const { parameter } of parameters) parameter.gradient.scaleInPlace(scale);
}

export function assertPositive(owner: string, option: string, value: number, strict: boolean): void {
  assertFiniteNumber(owner, option, value);
  if (strict ? value <= 0 : value < 0) throw new ValueError(`${owner}: ${option} must be ${strict ? '>' : '>='} 0, got ${value}`);
}
