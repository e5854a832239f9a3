import type { Activation } from '@nnts/activations';
import type { DType, RandomGenerator, Shape, Tensor } from '@nnts/tensor';

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
  /**
   * Which steps of a [batch, time, ...] input are real (1) and which are padding (0), as [batch, time]:
   * what an Embedding with `maskZero` produces and the recurrent layers and 1-D global pooling honour.
   * A Sequential passes it from layer to layer (see `computeMask`).
   */
  readonly mask?: Tensor | null;
}

/** What a model hands its layers when it builds them. */
export interface BuildContext {
  /** Draws the initial weights (and seeds Dropout's masks) of layers that were given no generator. */
  readonly random?: RandomGenerator;
  /** The dtype of layers that were given none; float32 by default. */
  readonly dtype?: DType;
}

/**
 * The one contract every layer keeps. Shapes come in two kinds: tensors flowing through a model are
 * batches [batch, ...sampleShape]; `build` and `outputShape` speak of one sample's shape
 * ([28, 28, 1] for an MNIST image, [features] for a vector, [time, features] for a sequence).
 *
 * - `outputShape(inputShape)` answers without running anything (and throws a ShapeError naming what
 *   does not fit), so a model checks its whole chain and prints a summary before any data arrives.
 * - `build(inputShape, context)` creates the weights the first time a shape is known (Keras's lazy
 *   build), drawing them from `context.random` unless the layer was given a generator of its own.
 *   Building again checks the shape fits and records it. A layer used alone builds itself on its
 *   first forward pass.
 * - `forward(x, { training })` returns the output for a batch. The result lives in a buffer the layer
 *   reuses on the next call with the same batch size, so a training loop allocates nothing per batch;
 *   copy it if it must outlive the next forward pass.
 * - `backward(gradOutput)` takes dL/d(output) of the last forward pass, fills every parameter's
 *   gradient (overwriting it) and returns dL/d(input). A layer may also offer
 *   `backwardParameters(gradOutput)`, which fills the gradients without computing dL/d(input): a
 *   network's first layer needs no input gradient, and for a dense or convolution layer it is a whole
 *   product.
 * - `parameters()` lists the trainable tensors with their gradients; `buffers()` the state that is
 *   not trained but must be saved (BatchNorm's running statistics).
 * - `getConfig()` is plain JSON from which the layer can be rebuilt.
 */
export interface Layer {
  readonly kind: string;
  /** Whether the layer's weights exist and its input shape is known. */
  readonly built: boolean;
  /** The per-sample input shape the layer was built (or constructed) for; null before it is known. */
  readonly inputShape: Shape | null;
  build(inputShape: Shape, context?: BuildContext): void;
  outputShape(inputShape: Shape): Shape;
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  backward(gradOutput: Tensor): Tensor;
  backwardParameters?(gradOutput: Tensor): void;
  parameters(): readonly Parameter[];
  buffers(): readonly { readonly name: string; readonly value: Tensor }[];
  getConfig(): LayerConfig;
  /**
   * The mask of the last forward pass's output, given the mask its input had (Keras's compute_mask):
   * an Embedding with `maskZero` makes one, layers that keep the time axis pass it on, a recurrent
   * layer that returns only its last step ends it. A layer without this method drops the mask.
   */
  computeMask?(inputMask: Tensor | null): Tensor | null;
}

/**
 * A layer that applies an activation of its own last (Dense and the convolutions, given Keras's
 * `activation` option). A model whose last layer ends in softmax under a cross-entropy loss takes the
 * two gradients together and hands the layer dL/d(pre-activation) directly.
 */
export interface ActivatedLayer extends Layer {
  /** The activation, or null when the layer has none. */
  readonly activation: Activation | null;
  /**
   * backward, given dL/d(pre-activation) instead of dL/d(output); returns dL/d(input), or null
   * (having skipped that product) when `inputGradient` is false.
   */
  backwardFromPreActivation(gradient: Tensor, inputGradient: boolean): Tensor | null;
}

export function isActivatedLayer(layer: Layer): layer is ActivatedLayer {
  return 'backwardFromPreActivation' in layer && typeof (layer as ActivatedLayer).backwardFromPreActivation === 'function';
}
