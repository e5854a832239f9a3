import type { RandomGenerator } from '@nnts/tensor';
import { ValueError } from '@nnts/tensor';
import { ActivationLayer } from './activation-layer';
import { BatchNorm } from './batch-norm';
import { Dense } from './dense';
import { Dropout } from './dropout';
import type { DType } from '@nnts/tensor';
import type { Layer, LayerConfig } from './layer';

/**
 * Rebuilds a layer from its `getConfig()`. Random initialisers and dropout masks draw from `random`;
 * saved parameter values are loaded separately.
 */
export function layerFromConfig(config: LayerConfig, random: RandomGenerator): Layer {
  switch (config.kind) {
    case 'dense':
      return Dense.fromConfig(config, random);
    case 'activation':
      return ActivationLayer.fromConfig(config);
    case 'dropout':
      return new Dropout({ rate: config.rate as number, random });
    case 'batchNorm':
      return new BatchNorm(config.features as number, { momentum: config.momentum as number, epsilon: config.epsilon as number, dtype: config.dtype as DType });
    default:
      throw new ValueError(`layerFromConfig: unknown layer kind ${JSON.stringify(config.kind)} (known: dense, activation, dropout, batchNorm)`);
  }
}
