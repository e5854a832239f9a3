export type { Activation, ActivationConfig } from './activation';
export { ElementwiseActivation } from './activation';
export { Sigmoid, sigmoid } from './sigmoid';
export { Tanh } from './tanh';
export { ReLU } from './relu';
export type { LeakyReLUOptions } from './leaky-relu';
export { LeakyReLU } from './leaky-relu';
export type { ELUOptions } from './elu';
export { ELU } from './elu';
export { Softmax } from './softmax';
export { Linear } from './linear';
export { GELU } from './gelu';
export { SiLU } from './silu';
export { Softplus } from './softplus';
export { erfc, normalCdf, normalPdf } from './normal-distribution';
export { ACTIVATION_NAMES, activationFromConfig } from './from-config';
// The seed tutorial's Greek names, for readers following it side by side.
export { Sigmoid as σ } from './sigmoid';
export { Linear as Σ } from './linear';
