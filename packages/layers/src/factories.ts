// Keras-style functions that make each layer from its options, as TF.js's tf.layers.* do:
// `conv2d({ filters: 6, kernelSize: 5, activation: 'relu' })` is `new Conv2D({ ... })`.
import { ActivationLayer } from './activation-layer';
import type { BatchNormOptions } from './batch-norm';
import { BatchNorm } from './batch-norm';
import type { Conv1DLayerOptions, Conv2DLayerOptions } from './convolution';
import { Conv1D, Conv2D } from './convolution';
import type { DenseLayerOptions } from './dense';
import { Dense } from './dense';
import type { DropoutOptions } from './dropout';
import { Dropout } from './dropout';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D } from './global-pooling';
import type { ActivationOption } from './own-activation';
import type { PoolingOptions } from './pooling';
import { AveragePool1D, AveragePool2D, MaxPool1D, MaxPool2D } from './pooling';
import { Flatten, Reshape } from './reshape';

export const dense = (options: DenseLayerOptions): Dense => new Dense(options);
export const conv2d = (options: Conv2DLayerOptions): Conv2D => new Conv2D(options);
export const conv1d = (options: Conv1DLayerOptions): Conv1D => new Conv1D(options);
export const maxPool2d = (options: PoolingOptions = {}): MaxPool2D => new MaxPool2D(options);
export const averagePool2d = (options: PoolingOptions = {}): AveragePool2D => new AveragePool2D(options);
export const maxPool1d = (options: PoolingOptions = {}): MaxPool1D => new MaxPool1D(options);
export const averagePool1d = (options: PoolingOptions = {}): AveragePool1D => new AveragePool1D(options);
export const globalAveragePooling2d = (): GlobalAveragePooling2D => new GlobalAveragePooling2D();
export const globalMaxPooling2d = (): GlobalMaxPooling2D => new GlobalMaxPooling2D();
export const globalAveragePooling1d = (): GlobalAveragePooling1D => new GlobalAveragePooling1D();
export const globalMaxPooling1d = (): GlobalMaxPooling1D => new GlobalMaxPooling1D();
export const flatten = (): Flatten => new Flatten();
export const reshape = (options: { readonly targetShape: readonly number[] }): Reshape => new Reshape(options);
export const dropout = (options: DropoutOptions): Dropout => new Dropout(options);
export const batchNorm = (options: BatchNormOptions = {}): BatchNorm => new BatchNorm(options);
export const activation = (option: ActivationOption): ActivationLayer => new ActivationLayer(option);
