import type { RandomGenerator } from '@nnts/tensor';
import { ValueError } from '@nnts/tensor';
import { ActivationLayer } from './activation-layer';
import { BatchNorm } from './batch-norm';
import { Conv1D, Conv2D } from './convolution';
import { Dense } from './dense';
import { Dropout } from './dropout';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D } from './global-pooling';
import type { Layer, LayerConfig } from './layer';
import type { PoolingOptions } from './pooling';
import { AveragePool1D, AveragePool2D, MaxPool1D, MaxPool2D } from './pooling';
import { Embedding } from './embedding';
import { LayerNormalization } from './layer-norm';
import { Bidirectional } from './recurrent/bidirectional';
import { GRU } from './recurrent/gru';
import { LSTM } from './recurrent/lstm';
import { SimpleRNN } from './recurrent/simple-rnn';
import { Flatten, Reshape } from './reshape';

const pooling = (config: LayerConfig): PoolingOptions => ({ poolSize: config.poolSize as number[], strides: config.strides as number[], padding: config.padding as 'valid' });

const builders: Readonly<Record<string, (config: LayerConfig, random?: RandomGenerator) => Layer>> = {
  dense: (config, random) => Dense.fromConfig(config, random),
  conv2d: (config, random) => Conv2D.fromConfig(config, random),
  conv1d: (config, random) => Conv1D.fromConfig(config, random),
  activation: (config) => ActivationLayer.fromConfig(config),
  dropout: (config, random) => new Dropout({ rate: config.rate as number, ...(random ? { random: random.fork() } : {}) }),
  batchNorm: (config) => BatchNorm.fromConfig(config),
  maxPool2d: (config) => new MaxPool2D(pooling(config)),
  averagePool2d: (config) => new AveragePool2D(pooling(config)),
  maxPool1d: (config) => new MaxPool1D(pooling(config)),
  averagePool1d: (config) => new AveragePool1D(pooling(config)),
  globalAveragePooling2d: () => new GlobalAveragePooling2D(),
  globalMaxPooling2d: () => new GlobalMaxPooling2D(),
  globalAveragePooling1d: () => new GlobalAveragePooling1D(),
  globalMaxPooling1d: () => new GlobalMaxPooling1D(),
  flatten: () => new Flatten(),
  reshape: (config) => new Reshape({ targetShape: config.targetShape as number[] }),
  embedding: (config, random) => Embedding.fromConfig(config, random),
  simpleRnn: (config, random) => SimpleRNN.fromConfig(config, random),
  lstm: (config, random) => LSTM.fromConfig(config, random),
  gru: (config, random) => GRU.fromConfig(config, random),
  bidirectional: (config, random) => Bidirectional.fromConfig(config, random),
  layerNormalization: (config) => LayerNormalization.fromConfig(config),
};

/** The layer kinds `layerFromConfig` knows. */
export const LAYER_KINDS: readonly string[] = Object.keys(builders);

/**
 * Rebuilds a layer from its `getConfig()`. With `random`, layers draw their initial weights (and
 * Dropout its masks) from it now; without, from the model that builds them. Saved parameter values are
 * loaded separately.
 */
export function layerFromConfig(config: LayerConfig, random?: RandomGenerator): Layer {
  const build = builders[config.kind];
  if (build === undefined) throw new ValueError(`layerFromConfig: unknown layer kind ${JSON.stringify(config.kind)} (known: ${LAYER_KINDS.join(', ')})`);
  return build(config, random);
}
