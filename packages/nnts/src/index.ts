// nnts: every package of nnts from one import, as @tensorflow/tfjs gathers tfjs-core and tfjs-layers.
// Tensors and ops, activations, losses, metrics, training and the store sit at the top level. Layers
// and data sets are namespaces (`layers.dense`, `datasets.loadIris`, as tf.layers and tf.data): the
// layer factories share names with tensor ops (conv2d, maxPool2d, reshape, zeros), and the data sets'
// ProgressReporter with training's.
export * from '@nnts/tensor';
export * from '@nnts/activations';
export * from '@nnts/losses';
export * from '@nnts/metrics';
export * from '@nnts/train';
export * from '@nnts/store';
export * as layers from '@nnts/layers';
export * as datasets from '@nnts/datasets';
