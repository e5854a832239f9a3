export type { ActivatedLayer, BuildContext, ForwardOptions, Layer, LayerConfig, Parameter } from './layer';
export { isActivatedLayer } from './layer';
export { BaseLayer } from './base-layer';
export { ParameterFreeLayer } from './parameter-free-layer';
export type { Distribution, GainActivation, Initializer, InitializerConfig } from './initializers';
export { constant, initializerFromConfig, xavierHe, zeros } from './initializers';
export type { ActivationOption } from './own-activation';
export type { KernelLayerOptions } from './kernel-layer';
export { KernelLayer } from './kernel-layer';
export type { DenseLayerOptions, DenseOptions } from './dense';
export { Dense, Dense as Fullyconnected } from './dense';
export type { Conv1DLayerOptions, Conv2DLayerOptions, ConvolutionOptions } from './convolution';
export { Conv1D, Conv2D, Convolution } from './convolution';
export type { PoolingOptions } from './pooling';
export { AveragePool1D, AveragePool2D, MaxPool1D, MaxPool2D, Pooling } from './pooling';
export { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalPooling } from './global-pooling';
export { Flatten, Reshape } from './reshape';
export { ActivationLayer, ActivationLayer as Activation } from './activation-layer';
export type { DropoutOptions } from './dropout';
export { Dropout } from './dropout';
export type { BatchNormOptions } from './batch-norm';
export { BatchNorm } from './batch-norm';
export {
  activation, averagePool1d, averagePool2d, batchNorm, conv1d, conv2d, dense, dropout, flatten, globalAveragePooling1d, globalAveragePooling2d,
  globalMaxPooling1d, globalMaxPooling2d, maxPool1d, maxPool2d, reshape,
} from './factories';
export { LAYER_KINDS, layerFromConfig } from './from-config';
export { ReusableBuffer } from './buffers';
