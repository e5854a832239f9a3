import type { Activation } from '@nnts/activations';
import { ACTIVATION_NAMES, ElementwiseActivation, activationFromConfig } from '@nnts/activations';
import type { DType, Tensor } from '@nnts/tensor';
import { ValueError } from '@nnts/tensor';
import { ReusableBuffer } from './buffers';
import { assertForwardDone, assertGradientShape } from './input-checks';

/** Keras's `activation` option: a name ('relu', 'softmax', ...) or an activation object. */
export type ActivationOption = string | Activation;

/** The activation an option names ('linear' included). */
export function activationOf(owner: string, option: ActivationOption): Activation {
  if (typeof option === 'string') {
    if (!ACTIVATION_NAMES.includes(option)) throw new ValueError(`${owner}: unknown activation ${JSON.stringify(option)} (known: ${ACTIVATION_NAMES.join(', ')})`);
    return activationFromConfig({ name: option });
  }
  if (typeof option !== 'object' || option === null || typeof option.forward !== 'function' || typeof option.backward !== 'function') {
    throw new ValueError(`${owner}: activation must be a name or an Activation, got ${String(option)}`);
  }
  return option;
}

/** A layer's own activation: null for none (absent, null or linear, the identity, which is skipped). */
export function resolveActivation(owner: string, option: ActivationOption | null | undefined): Activation | null {
  if (option === undefined || option === null) return null;
  const activation = activationOf(owner, option);
  return activation.name === 'linear' ? null : activation;
}

/**
 * The activation a Dense or convolution layer applies to its own output: the pre-activations z and
 * the outputs a = f(z) of the last forward pass, in buffers reused between batches, and the backward
 * step dL/dz from dL/da. Where the backend fuses an elementwise activation into the product that
 * makes z, the layer writes both in one call (into `outputFor(z)`) and calls `record`.
 */
export class OwnActivation {
  readonly activation: Activation;
  /** The activation when a backend can fuse it into a product's epilogue (elementwise ones), else null. */
  readonly fusible: ElementwiseActivation | null;
  private z: Tensor | null = null;
  private a: Tensor | null = null;
  private readonly output = new ReusableBuffer();
  private readonly gradient = new ReusableBuffer();

  constructor(activation: Activation) {
    this.activation = activation;
    this.fusible = activation instanceof ElementwiseActivation ? activation : null;
  }

  /** The buffer a = f(z) goes to. */
  outputFor(z: Tensor): Tensor {
    return this.output.get(z.shape, z.dtype);
  }

  /** The buffer for a [rows, cols] output, when z is yet to be computed (see ActivationLayer.forwardAfter). */
  outputMatrix(rows: number, cols: number, dtype: DType): Tensor {
    return this.output.matrix(rows, cols, dtype);
  }

  /** Keeps z and a = f(z), written by a fused backend call, for the backward pass. */
  record(z: Tensor, a: Tensor): Tensor {
    this.z = z;
    this.a = a;
    return a;
  }

  forward(z: Tensor): Tensor {
    return this.record(z, this.activation.forward(z, this.output.options(this.outputFor(z))));
  }

  /** dL/dz from dL/da of the last forward pass. */
  backward(gradOutput: Tensor): Tensor {
    assertForwardDone(this.activation.name, this.z);
    assertGradientShape(this.activation.name, gradOutput, this.a!);
    return this.activation.backward(gradOutput, this.z, this.a!, this.gradient.options(this.gradient.get(gradOutput.shape, gradOutput.dtype)));
  }
}
