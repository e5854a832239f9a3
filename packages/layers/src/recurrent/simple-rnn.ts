import { ElementwiseActivation } from '@nnts/activations';
import type { ActivationConfig } from '@nnts/activations';
import { activationFromConfig } from '@nnts/activations';
import type { FloatArray, RandomGenerator } from '@nnts/tensor';
import { Tensor, ValueError, assertKnownOptions, getBackend } from '@nnts/tensor';
import type { LayerConfig } from '../layer';
import type { ActivationOption } from '../own-activation';
import { activationOf } from '../own-activation';
import type { RecurrentOptions, StepContext } from './recurrent';
import { RECURRENT_OPTIONS, Recurrent, StepArrayLazy, recurrentOptionsFromConfig } from './recurrent';
import type { Steps } from './step-arrays';

export interface SimpleRNNOptions extends RecurrentOptions {
  /** The elementwise activation of the state; 'tanh' by default. */
  readonly activation?: ActivationOption;
}

/**
 * The plain recurrent layer (Elman, 1990): h' = f(x·W + h·U + b), with kernel W [features, units],
 * recurrent kernel U [units, units] and bias [units], as Keras's SimpleRNN.
 */
export class SimpleRNN extends Recurrent {
  readonly kind = 'simpleRnn';
  protected readonly gateCount = 1;
  readonly activation: ElementwiseActivation;
  private readonly preActivationArray = new StepArrayLazy();
  private z: Steps | null = null;
  private readonly views = new WeakMap<FloatArray, Tensor>();

  constructor(options: SimpleRNNOptions) {
    assertKnownOptions('SimpleRNN', options, [...RECURRENT_OPTIONS, 'activation']);
    super('SimpleRNN', options);
    const activation = activationOf('SimpleRNN', options.activation ?? 'tanh');
    if (!(activation instanceof ElementwiseActivation)) throw new ValueError(`SimpleRNN: activation must be elementwise (tanh, relu, sigmoid, ...), got ${activation.name}`);
    this.activation = activation;
  }

  protected override startStates(context: StepContext, initial: Parameters<Recurrent['startStates']>[1]): void {
    super.startStates(context, initial);
    this.z = this.preActivationArray.get(this.units).get(context.steps, context.batch, this.weights.value.dtype);
  }

  protected step(context: StepContext, s: number): void {
    const { batch, xw, h } = context;
    const backend = getBackend();
    const z = this.z!.at[s]!;
    backend.matmul(h.at[s]!, this.recurrentWeights.value.data, z, batch, this.units, this.units, false, false, null);
    backend.addScaled(z, xw.at[s]!, 1);
    this.activation.forward(this.view(z, batch), { out: this.view(h.at[s + 1]!, batch) });
  }

  protected stepBackward(context: StepContext, s: number, dh: FloatArray, dhPrevious: FloatArray, dz: Steps): void {
    const { batch, h } = context;
    this.activation.backward(this.view(dh, batch), this.view(this.z!.at[s]!, batch), this.view(h.at[s + 1]!, batch), { out: this.view(dz.at[s]!, batch) });
    getBackend().matmul(dz.at[s]!, this.recurrentWeights.value.data, dhPrevious, batch, this.units, this.units, false, true, null);
  }

  /** A [batch, units] tensor over a step block, made once per block. */
  private view(data: FloatArray, batch: number): Tensor {
    let view = this.views.get(data);
    if (!view) this.views.set(data, (view = new Tensor(data, [batch, this.units])));
    return view;
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, ...this.recurrentConfig(), activation: this.activation.getConfig() };
  }

  static fromConfig(config: LayerConfig, random?: RandomGenerator): SimpleRNN {
    return new SimpleRNN({ ...recurrentOptionsFromConfig(config, random), ...(config.activation ? { activation: activationFromConfig(config.activation as ActivationConfig) } : {}) });
  }
}
