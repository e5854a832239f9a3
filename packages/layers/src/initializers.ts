import type { DType, RandomGenerator, Tensor } from '@nnts/tensor';
import { ValueError, assertFiniteNumber, describeValue, full, tensor } from '@nnts/tensor';
import { glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal } from './variance-scaling';

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

/** Throws unless `value` is an Initializer (glorotUniform(), not the function glorotUniform or a name). */
export function assertInitializer(owner: string, option: string, value: unknown): asserts value is Initializer {
  if (typeof value !== 'object' || value === null || typeof (value as Initializer).create !== 'function' || typeof (value as Initializer).getConfig !== 'function') {
    const hint = typeof value === 'function' ? ' (call it: glorotUniform(), not glorotUniform)' : '';
    throw new ValueError(`${owner}: ${option} must be an Initializer such as glorotUniform()${hint}, got ${describeValue(value)}`);
  }
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
 * The seed tutorial's `XavierHe(distribution, activation)`, kept for the tutorial and for models saved
 * with it: normal draws with σ = gain·√(2 / (fanIn + fanOut)),
 * or uniform draws in ±r with r = gain·√(6 / (fanIn + fanOut)), the gain chosen by the activation that
 * follows the layer (sigmoid 1, tanh 4, ReLU and its relatives √2).
 *
 * This is the tutorial's convention, not Keras's or PyTorch's: xavierHe('normal', 'relu') has
 * σ = 2/√(fanIn + fanOut), where He/Kaiming normal has σ = √(2/fanIn). For the standard initialisers
 * under their usual names use glorotUniform (the default), glorotNormal, heUniform, heNormal or lecunNormal.
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

/**
 * Uniform draws in [min, max): Keras's RandomUniform, whose default ±0.05 is the Embedding layer's.
 *
 * @example
 * new Embedding({ inputDim: 1000, outputDim: 64, initializer: uniform(-0.1, 0.1) });
 */
export function uniform(min = -0.05, max = 0.05): Initializer {
  assertFiniteNumber('uniform', 'min', min);
  assertFiniteNumber('uniform', 'max', max);
  if (!(min < max)) throw new ValueError(`uniform: min must be below max, got min ${min} and max ${max}`);
  return {
    name: 'uniform',
    random: true,
    create: (shape, _fanIn, _fanOut, dtype, random) => {
      if (random === undefined) throw new ValueError('uniform draws random numbers: pass { random: new RandomGenerator(seed) } to the layer');
      return random.uniform(shape, min, max, { dtype });
    },
    getConfig: () => ({ name: 'uniform', min, max }),
  };
}

/**
 * A matrix with orthonormal rows or columns (whichever are fewer), times `gain` (Saxe et al., 2014):
 * Keras's Orthogonal, the default of recurrent kernels, which keeps repeated products with the state
 * from growing or shrinking at the start of training. Computed as Keras does, from the QR
 * factorisation of a normal draw (here by modified Gram-Schmidt in float64, so diag(R) > 0, the sign
 * Keras fixes); a shape of more than two axes is flattened to [product of the others, last].
 */
export function orthogonal(gain = 1): Initializer {
  assertFiniteNumber('orthogonal', 'gain', gain);
  return {
    name: 'orthogonal',
    random: true,
    create: (shape, _fanIn, _fanOut, dtype, random) => {
      if (random === undefined) throw new ValueError('orthogonal draws random numbers: pass { random: new RandomGenerator(seed) } to the layer');
      if (shape.length < 2) throw new ValueError(`orthogonal: needs a shape of at least 2 axes, got [${shape.join(', ')}]`);
      const cols = shape[shape.length - 1]!;
      const rows = shape.reduce((a, b) => a * b, 1) / cols;
      const long = Math.max(rows, cols);
      const short = Math.min(rows, cols);
      // q: `short` orthonormal columns of length `long`, stored column by column.
      const q = random.normal([short, long], 0, 1, { dtype: 'float64' }).data;
      for (let j = 0; j < short; j++) {
        const column = q.subarray(j * long, (j + 1) * long);
        for (let i = 0; i < j; i++) {
          const previous = q.subarray(i * long, (i + 1) * long);
          let dot = 0;
          for (let k = 0; k < long; k++) dot += previous[k]! * column[k]!;
          for (let k = 0; k < long; k++) column[k] = column[k]! - dot * previous[k]!;
        }
        let norm = 0;
        for (let k = 0; k < long; k++) norm += column[k]! * column[k]!;
        norm = Math.sqrt(norm);
        for (let k = 0; k < long; k++) column[k] = column[k]! / norm;
      }
      const out = new Float64Array(rows * cols);
      // rows >= cols: out[r][c] = q column c, entry r; otherwise out has orthonormal rows: out[r][c] = column r, entry c.
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (rows >= cols ? q[c * long + r]! : q[r * long + c]!);
      }
      return tensor(out, { shape: [...shape], dtype });
    },
    getConfig: () => ({ name: 'orthogonal', gain }),
  };
}

export const INITIALIZER_NAMES = ['zeros', 'constant', 'xavierHe', 'uniform', 'orthogonal', 'glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunNormal'] as const;

/** Rebuilds an initialiser from its config. */
export function initializerFromConfig(config: InitializerConfig): Initializer {
  switch (config?.name) {
    case 'zeros':
      return zeros();
    case 'constant':
      return constant(Number(config.value));
    case 'xavierHe':
      return xavierHe(config.distribution as Distribution, config.activation as GainActivation);
    case 'uniform':
      return uniform(Number(config.min), Number(config.max));
    case 'orthogonal':
      return orthogonal(Number(config.gain));
    case 'glorotUniform':
      return glorotUniform();
    case 'glorotNormal':
      return glorotNormal();
    case 'heUniform':
      return heUniform();
    case 'heNormal':
      return heNormal();
    case 'lecunNormal':
      return lecunNormal();
    default:
      throw new ValueError(`initializerFromConfig: unknown initialiser ${JSON.stringify(config?.name)} (known: ${INITIALIZER_NAMES.join(', ')})`);
  }
}
