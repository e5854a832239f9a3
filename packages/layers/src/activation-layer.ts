import type { Activation } from '@nnts/activations';
import { ElementwiseActivation, activationFromConfig } from '@nnts/activations';
import type { Tensor } from '@nnts/tensor';
import { ReusableBuffer } from './buffers';
import type { Dense } from './dense';
import { assertBatch, assertForwardDone, assertGradientShape } from './check-input';
import type { ForwardOptions, Layer, LayerConfig } from './layer';
import { ParameterFreeLayer } from './parameter-free-layer';

/**
 * Applies an activation to every output of the layer before it (the seed's `Activation(σ)`).
 *
 * @example
 * new ActivationLayer(new LeakyReLU({ alpha: 0.1 }));
 */
export class ActivationLayer extends ParameterFreeLayer implements Layer {
  readonly kind = 'activation';
  readonly activation: Activation;
  private input: Tensor | null = null;
  private outputTensor: Tensor | null = null;
  private readonly output = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();

  constructor(activation: Activation) {
    super();
    this.activation = activation;
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    assertBatch(`Activation(${this.activation.name})`, x);
    this.input = x;
    this.outputTensor = this.activation.forward(x, this.output.options(this.output.get(x.shape, x.dtype)));
    return this.outputTensor;
  }

  /**
   * `this.forward(dense.forward(x))`, in one backend call where the backend fuses the dense product
   * and this activation (see Dense.forwardActivated); the same values and state either way.
   */
  forwardAfter(dense: Dense, x: Tensor, options: ForwardOptions = {}): Tensor {
    const activation = this.activation;
    if (activation instanceof ElementwiseActivation && x.rank === 2) {
      const activated = this.output.matrix(x.shape[0]!, dense.units, dense.weights.value.dtype);
      const z = dense.forwardActivated(x, activation, activated);
      if (z) {
        this.input = z;
        this.outputTensor = activated;
        return activated;
      }
    }
    return this.forward(dense.forward(x, options), options);
  }

  backward(gradOutput: Tensor): Tensor {
    assertForwardDone(`Activation(${this.activation.name})`, this.input);
    const output = this.outputTensor!;
    assertGradientShape(`Activation(${this.activation.name})`, gradOutput, output);
    return this.activation.backward(gradOutput, this.input, output, this.inputGradient.options(this.inputGradient.get(gradOutput.shape, gradOutput.dtype)));
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, activation: this.activation.getConfig() };
  }

  static fromConfig(config: LayerConfig): ActivationLayer {
    return new ActivationLayer(activationFromConfig(config.activation as never));
  }
}
