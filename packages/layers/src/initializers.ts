import type { DType, RandomGenerator, Tensor } from '@nnts/tensor';
import { ValueError, assertFiniteNumber, full } from '@nnts/tensor';

/** What `getConfig()` of an initialiser returns. */
export interface InitializerConfig {
  readonly name: string;
  readonly [option: string]: string | number;
}

/**
 * Creates a weight tensor of a given shape. `fanIn`/`fanOut` are the numbers of inputs and outputs of
 * the layer, which scaled initialisers need.
 */
export interface Initializer {
  readonly name: string;
  /** True when `create` draws from `random`. */
  readonly random: boolean;
  create(shape: readonly number[], fanIn: number, fanOut: number, dtype: DType, random?: RandomGenerator): Tensor;
  getConfig(): InitializerConfig;
}

/** Every weight 0: what the seed's `zeros` gives. Fine for biases and logistic regression; it leaves hidden units identical. */
export function zeros(): Initializer {
  return constant(0, 'zeros');
}

/** Every weight `value`. */
export function constant(value: number, name = 'constant'): Initializer {
  assertFiniteNumber('constant', 'value', value);
  return {
    name,
    random: false,
    create: (shape, _fanIn, _fanOut, dtype) => full(shape, value, { dtype }),
    getConfig: () => (name === 'zeros' ? { name } : { name, value }),
  };
}

export type Distribution = 'normal' | 'uniform';
export type GainActivation = 'sigmoid' | 'tanh' | 'relu';

// The gains of the seed's table (Géron, Hands-On Machine Learning, 1st ed., table 11-1): the
// logistic case is Glorot and Bengio's (2010) scale, tanh multiplies it by 4 and ReLU by √2 (He et al., 2015).
const GAINS: Readonly<Record<GainActivation, number>> = { sigmoid: 1, tanh: 4, relu: Math.SQRT2 };

/**
 * The seed's `XavierHe(distribution, activation)`: normal draws with σ = gain·√(2 / (fanIn + fanOut)),
 * or uniform draws in ±r with r = gain·√(6 / (fanIn + fanOut)), the gain chosen by the activation that
 * follows the layer (sigmoid 1, tanh 4, ReLU and its relatives √2).
 *
 * @example
 * new Dense(784, 300, { initializer: xavierHe('normal', 'relu'), random });
 */
export function xavierHe(distribution: Distribution, activation: GainActivation): Initializer {
  const gain = GAINS[activation];
  if (gain === undefined) throw new ValueError(`xavierHe: activation must be 'sigmoid', 'tanh' or 'relu', got ${JSON.stringify(activation)}`);
  if (distribution !== 'normal' && distribution !== 'uniform') {
    throw new ValueError(`xavierHe: distribution must be 'normal' or 'uniform', got ${JSON.stringify(distribution)}`);
  }
  return {
    name: 'xavierHe',
    random: true,
    create: (shape, fanIn, fanOut, dtype, random) => {
      if (random === undefined) throw new ValueError('xavierHe draws random numbers: pass { random: new RandomGenerator(seed) } to the layer');
      if (distribution === 'normal') return random.normal(shape, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), { dtype });
      const r = gain * Math.sqrt(6 / (fanIn + fanOut));
      return random.uniform(shape, -r, r, { dtype });
    },
    getConfig: () => ({ name: 'xavierHe', distribution, activation }),
  };
}

/** Rebuilds an initialiser from its config. */
export function initializerFromConfig(config: InitializerConfig): Initializer {
  switch (config.name) {
    case 'zeros':
      return zeros();
    case 'constant':
      return constant(Number(config.value));
    case 'xavierHe':
      return xavierHe(config.distribution as Distribution, config.activation as GainActivation);
    default:
      throw new ValueError(`initializerFromConfig: unknown initialiser ${JSON.stringify(config.name)} (known: zeros, constant, xavierHe)`);
  }
}
