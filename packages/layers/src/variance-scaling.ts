import type { DType, RandomGenerator, Tensor } from '@nnts/tensor';
import { ValueError, tensor } from '@nnts/tensor';
import type { Initializer } from './initializers';

// Keras's VarianceScaling family (keras/src/initializers/random_initializers.py), under Keras's names
// and with its formulas: a scale s over n, where n is the fan-in or the mean of fan-in and fan-out.
//   glorotUniform  U(±√(6 / (fanIn + fanOut)))        (Glorot & Bengio, 2010)
//   glorotNormal   truncated normal, std √(2 / (fanIn + fanOut))
//   heUniform      U(±√(6 / fanIn))                  (He et al., 2015)
//   heNormal       truncated normal, std √(2 / fanIn)
//   lecunNormal    truncated normal, std √(1 / fanIn) (LeCun et al., 1998)
// The normal ones draw, as Keras does, from a normal of σ = √(s / n) / 0.87962566103423978 and redraw
// every value beyond 2σ: 0.8796... is the standard deviation of a unit normal truncated at ±2, so the
// weights end with standard deviation √(s / n), the number in the table.

/** The standard deviation of a standard normal truncated to [-2, 2] (Keras's constant). */
export const TRUNCATED_NORMAL_STD = 0.87962566103423978;

type Mode = 'fanIn' | 'fanAvg';

function varianceScaling(name: string, scale: number, mode: Mode, distribution: 'uniform' | 'truncatedNormal'): Initializer {
  return {
    name,
    random: true,
    create: (shape, fanIn, fanOut, dtype, random) => {
      if (random === undefined) throw new ValueError(`${name} draws random numbers: pass { random: new RandomGenerator(seed) } to the layer`);
      const n = mode === 'fanIn' ? fanIn : (fanIn + fanOut) / 2;
      if (!(n > 0)) throw new ValueError(`${name}: fanIn and fanOut must be positive, got ${fanIn} and ${fanOut}`);
      if (distribution === 'uniform') {
        const limit = Math.sqrt((3 * scale) / n);
        return random.uniform(shape, -limit, limit, { dtype });
      }
      return truncatedNormal(shape, Math.sqrt(scale / n) / TRUNCATED_NORMAL_STD, dtype, random);
    },
    getConfig: () => ({ name }),
  };
}

/** Normal draws of standard deviation `sigma`, each one beyond 2σ drawn again (Keras's TruncatedNormal). */
function truncatedNormal(shape: readonly number[], sigma: number, dtype: DType, random: RandomGenerator): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let z = random.nextNormal();
    while (Math.abs(z) > 2) z = random.nextNormal();
    values[i] = z * sigma;
  }
  return tensor(values, { shape: [...shape], dtype });
}

/**
 * Keras's GlorotUniform (Xavier uniform): U(±√(6 / (fanIn + fanOut))). The default kernel initialiser
 * of Dense, the convolutions and the recurrent layers' input kernels, as in Keras.
 *
 * @example
 * new Dense(784, 300, { initializer: glorotUniform(), random });
 */
export function glorotUniform(): Initializer {
  return varianceScaling('glorotUniform', 1, 'fanAvg', 'uniform');
}

/** Keras's GlorotNormal: a truncated normal (see above) with standard deviation √(2 / (fanIn + fanOut)). */
export function glorotNormal(): Initializer {
  return varianceScaling('glorotNormal', 1, 'fanAvg', 'truncatedNormal');
}

/** Keras's HeUniform: U(±√(6 / fanIn)), for ReLU layers. */
export function heUniform(): Initializer {
  return varianceScaling('heUniform', 2, 'fanIn', 'uniform');
}

/**
 * Keras's HeNormal (PyTorch's kaiming_normal_ with a truncation): a truncated normal with standard
 * deviation √(2 / fanIn), what users of Keras and PyTorch expect under the name He, for ReLU layers.
 *
 * @example
 * new Dense(784, 300, { activation: 'relu', initializer: heNormal(), random });
 */
export function heNormal(): Initializer {
  return varianceScaling('heNormal', 2, 'fanIn', 'truncatedNormal');
}

/** Keras's LecunNormal: a truncated normal with standard deviation √(1 / fanIn), for SELU layers. */
export function lecunNormal(): Initializer {
  return varianceScaling('lecunNormal', 1, 'fanIn', 'truncatedNormal');
}
