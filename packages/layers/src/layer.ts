import type { Tensor } from '@nnts/tensor';

/** A trainable tensor, its gradient (same shape, overwritten by every backward pass) and its penalties. */
export interface Parameter {
  /** Unique within a layer: 'weights', 'bias', 'gamma', 'beta'. */
  readonly name: string;
  readonly value: Tensor;
  readonly gradient: Tensor;
  /** L1 and L2 penalty coefficients: the loss gains l1·Σ|w| + l2·Σw² (Keras's convention). */
  readonly l1: number;
  readonly l2: number;
}

export interface LayerConfig {
  readonly kind: string;
  readonly [option: string]: unknown;
}

export interface ForwardOptions {
  /** Training mode: Dropout drops, BatchNorm uses and updates batch statistics. False by default. */
  readonly training?: boolean;
}

/**
 * The one contract every layer keeps, flat and small:
 * - `forward(x, { training })` returns the output for a batch x [samples, features]. The result lives
 *   in a buffer the layer reuses on the next call with the same batch size, so a training loop
 *   allocates nothing per batch; copy it if it must outlive the next forward pass.
 * - `backward(gradOutput)` takes dL/d(output) of the last forward pass, fills every parameter's
 *   gradient (overwriting it) and returns dL/d(input). A layer may also offer
 *   `backwardParameters(gradOutput)`, which fills the gradients without computing dL/d(input): a
 *   network's first layer needs no input gradient, and for a dense layer it is a whole matmul.
 * - `parameters()` lists the trainable tensors with their gradients; `buffers()` the state that is
 *   not trained but must be saved (BatchNorm's running statistics).
 * - `getConfig()` is plain JSON from which the layer can be rebuilt.
 */
export interface Layer {
  readonly kind: string;
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  backward(gradOutput: Tensor): Tensor;
  backwardParameters?(gradOutput: Tensor): void;
  parameters(): readonly Parameter[];
  buffers(): readonly { readonly name: string; readonly value: Tensor }[];
  /** The number of output features for a given number of input features (throws when they do not fit). */
  outputFeatures(inputFeatures: number): number;
  getConfig(): LayerConfig;
}
