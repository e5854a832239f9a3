import { ValueError, assertKnownOptions } from '@nnts/tensor';
import type { Activation, ActivationConfig } from './activation';
import { ELU } from './elu';
import { GELU } from './gelu';
import { LeakyReLU } from './leaky-relu';
import { Linear } from './linear';
import { ReLU } from './relu';
import { SiLU } from './silu';
import { Sigmoid } from './sigmoid';
import { Softmax } from './softmax';
import { Softplus } from './softplus';
import { Tanh } from './tanh';

type Builder = (options: Record<string, unknown>) => Activation;

/** For activations without options: any option in the config is a mistake worth reporting. */
function withoutOptions(name: string, create: () => Activation): Builder {
  return (options) => {
    assertKnownOptions(name, options, []);
    return create();
  };
}

const builders: Readonly<Record<string, Builder>> = {
  sigmoid: withoutOptions('sigmoid', () => new Sigmoid()),
  tanh: withoutOptions('tanh', () => new Tanh()),
  relu: withoutOptions('relu', () => new ReLU()),
  leakyRelu: (options) => new LeakyReLU(options),
  elu: (options) => new ELU(options),
  softmax: withoutOptions('softmax', () => new Softmax()),
  linear: withoutOptions('linear', () => new Linear()),
  gelu: withoutOptions('gelu', () => new GELU()),
  silu: withoutOptions('silu', () => new SiLU()),
  softplus: withoutOptions('softplus', () => new Softplus()),
};

/** The names `getConfig()` can return, in the order the tutorial introduces them. */
export const ACTIVATION_NAMES: readonly string[] = Object.keys(builders);

/**
 * Rebuilds an activation from what its `getConfig()` returned, e.g. when a saved model is loaded.
 *
 * @example
 * activationFromConfig({ name: 'leakyRelu', alpha: 0.1 }); // a LeakyReLU with alpha 0.1
 */
export function activationFromConfig(config: ActivationConfig): Activation {
  const { name, ...options } = config;
  const build = builders[name];
  if (build === undefined) {
    throw new ValueError(`activationFromConfig: unknown activation ${JSON.stringify(name)} (known: ${ACTIVATION_NAMES.join(', ')})`);
  }
  return build(options);
}
