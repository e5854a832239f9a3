import type { Activation } from '@nnts/activations';
import { ElementwiseActivation, activationFromConfig } from '@nnts/activations';
import type { Tensor } from '@nnts/tensor';
import { ShapeError, formatShape } from '@nnts/tensor';
import type { Dense } from './dense';
import type { ForwardOptions, Layer, LayerConfig } from './layer';
import type { ActivationOption } from './own-activation';
import { OwnActivation, activationOf } from './own-activation';
import { ParameterFreeLayer } from './parameter-free-layer';

/**
 * Applies an activation to every output of the layer before it (the seed's `Activation(σ)`), on
 * batches of any shape; softmax acts on the last axis.
 *
 * @example
 * new ActivationLayer(new LeakyReLU({ alpha: 0.1 }));
 * new ActivationLayer('relu'); // or activation('relu')
 */
export class ActivationLayer extends ParameterFreeLayer implements Layer {
  readonly kind = 'activation';
  readonly activation: Activation;
  private readonly applied: OwnActivation;

  constructor(activation: ActivationOption) {
    super();
    this.activation = activationOf('ActivationLayer', activation);
    this.applied = new OwnActivation(this.activation);
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    if (x.rank < 1) throw new ShapeError(`Activation(${this.activation.name}): expected a batch, got ${formatShape(x.shape)}`);
    return this.applied.forward(x);
  }

  /**
   * `this.forward(dense.forward(x))`, in one backend call where the backend fuses the dense product
   * and this activation (see Dense.forwardActivated); the same values and state either way.
   */
  forwardAfter(dense: Dense, x: Tensor, options: ForwardOptions = {}): Tensor {
    const activation = this.activation;
    if (activation instanceof ElementwiseActivation && x.rank === 2 && dense.activation === null && dense.built) {
      const activated = this.applied.outputMatrix(x.shape[0]!, dense.units, dense.weights.value.dtype);
      const z = dense.forwardActivated(x, activation, activated);
      if (z) return this.applied.record(z, activated);
    }
    return this.forward(dense.forward(x, options), options);
  }

  backward(gradOutput: Tensor): Tensor {
    return this.applied.backward(gradOutput);
  }

  /** The mask passes through: each step is transformed on its own. */
  computeMask(inputMask: Tensor | null): Tensor | null {
    return inputMask;
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, activation: this.activation.getConfig() };
  }

  static fromConfig(config: LayerConfig): ActivationLayer {
    return new ActivationLayer(activationFromConfig(config.activation as never));
  }
}
