import type { Activation, ActivationConfig } from '@nnts/activations';
import { activationFromConfig } from '@nnts/activations';
import type { DType, RandomGenerator, Shape, Tensor } from '@nnts/tensor';
import { assertBoolean, zerosLike } from '@nnts/tensor';
import { BaseLayer } from './base-layer';
import type { Initializer, InitializerConfig } from './initializers';
import { initializerFromConfig, zeros as zerosInitializer } from './initializers';
import { assertWeightOptions, drawingGenerator } from './weight-options';
import { glorotUniform } from './variance-scaling';
import type { ActivatedLayer, BuildContext, LayerConfig, Parameter } from './layer';
import type { ActivationOption } from './own-activation';
import { OwnActivation, resolveActivation } from './own-activation';

/** The options Dense and the convolutions share. */
export interface KernelLayerOptions {
  /** Applied to the output, by name ('relu', 'softmax', ...) or as an object; none by default. */
  readonly activation?: ActivationOption | null;
  /** Whether to add a bias; true by default. */
  readonly useBias?: boolean;
  /** Draws the kernel (the weights); glorotUniform(), as in Keras, by default. */
  readonly initializer?: Initializer;
  /** Draws the bias; zeros by default. */
  readonly biasInitializer?: Initializer;
  /** The generator random initialisers draw from; by default the model's, when it builds the layer. */
  readonly random?: RandomGenerator;
  /** float32 or float64; by default the model's, else float32. */
  readonly dtype?: DType;
  /** L1 penalty on the kernel (not the bias); 0 by default. */
  readonly l1?: number;
  /** L2 penalty on the kernel (not the bias); 0 by default. */
  readonly l2?: number;
}

export const KERNEL_LAYER_OPTIONS = ['activation', 'useBias', 'initializer', 'biasInitializer', 'random', 'dtype', 'l1', 'l2'];

/**
 * What Dense and the convolutions share: a kernel and an optional bias, drawn when the layer is built
 * (from the layer's generator, else the model's), L1/L2 penalties on the kernel, and an activation
 * applied last. Subclasses give the product: `outputShape`, `createWeights` (which calls
 * `createKernel`), `forward` (which ends with `activate`) and `backwardFromPreActivation`.
 */
export abstract class KernelLayer extends BaseLayer implements ActivatedLayer {
  readonly activation: Activation | null;
  readonly useBias: boolean;
  protected readonly own: OwnActivation | null;
  private readonly initializer: Initializer;
  private readonly biasInitializer: Initializer;
  private readonly random: RandomGenerator | undefined;
  private readonly dtypeOption: DType | undefined;
  private readonly l1: number;
  private readonly l2: number;
  private weightsParameter: Parameter | null = null;
  private biasParameter: Parameter | null = null;

  protected constructor(owner: string, options: KernelLayerOptions) {
    super();
    const { useBias = true, initializer = glorotUniform(), biasInitializer = zerosInitializer(), l1 = 0, l2 = 0 } = options;
    assertBoolean(owner, 'useBias', useBias);
    assertWeightOptions(owner, { l1, l2, dtype: options.dtype, random: options.random }, { initializer, biasInitializer });
    this.activation = resolveActivation(owner, options.activation);
    this.own = this.activation ? new OwnActivation(this.activation) : null;
    this.useBias = useBias;
    this.initializer = initializer;
    this.biasInitializer = biasInitializer;
    this.random = options.random;
    this.dtypeOption = options.dtype;
    this.l1 = l1;
    this.l2 = l2;
  }

  /** The kernel: [inputs, units] for Dense, [...kernelSize, inChannels, filters] for a convolution. */
  get weights(): Parameter {
    this.assertBuilt();
    return this.weightsParameter!;
  }

  /** The bias, one value per output unit or filter; null with `useBias: false`. */
  get bias(): Parameter | null {
    this.assertBuilt();
    return this.biasParameter;
  }

  /** Whether the layer can draw its weights now, without a model's generator. */
  protected canDrawAlone(): boolean {
    return this.random !== undefined || !(this.initializer.random || (this.useBias && this.biasInitializer.random));
  }

  /** Draws the kernel of `shape` and a bias of `units` values; fanIn and fanOut scale the initialiser. */
  protected createKernel(shape: Shape, fanIn: number, fanOut: number, units: number, context: BuildContext): { weights: Parameter; bias: Parameter | null } {
    const random = drawingGenerator(this.kind, this.random, context, !this.canDrawAlone());
    const dtype = this.dtypeOption ?? context.dtype ?? 'float32';
    const weights = this.initializer.create(shape, fanIn, fanOut, dtype, random);
    this.weightsParameter = { name: 'weights', value: weights, gradient: zerosLike(weights), l1: this.l1, l2: this.l2 };
    if (this.useBias) {
      const bias = this.biasInitializer.create([units], fanIn, fanOut, dtype, random);
      this.biasParameter = { name: 'bias', value: bias, gradient: zerosLike(bias), l1: 0, l2: 0 };
    }
    return { weights: this.weightsParameter, bias: this.biasParameter };
  }

  /** The layer's output from its pre-activations z. */
  protected activate(z: Tensor): Tensor {
    return this.own ? this.own.forward(z) : z;
  }

  backward(gradOutput: Tensor): Tensor {
    return this.backwardFromPreActivation(this.own ? this.own.backward(gradOutput) : gradOutput, true)!;
  }

  /** The parameter gradients only: what the first layer of a network needs. */
  backwardParameters(gradOutput: Tensor): void {
    this.backwardFromPreActivation(this.own ? this.own.backward(gradOutput) : gradOutput, false);
  }

  abstract backwardFromPreActivation(gradient: Tensor, inputGradient: boolean): Tensor | null;

  parameters(): readonly Parameter[] {
    const weights = this.weights;
    return this.biasParameter ? [weights, this.biasParameter] : [weights];
  }

  /** The shared part of getConfig. */
  protected kernelConfig(): Record<string, unknown> {
    return {
      activation: this.activation ? this.activation.getConfig() : null, useBias: this.useBias,
      initializer: this.initializer.getConfig(), biasInitializer: this.biasInitializer.getConfig(),
      dtype: this.weightsParameter?.value.dtype ?? this.dtypeOption ?? null, l1: this.l1, l2: this.l2,
    };
  }
}

/** The KernelLayerOptions a config records (missing fields take their defaults: configs saved before they existed). */
export function kernelOptionsFromConfig(config: LayerConfig, random: RandomGenerator | undefined): KernelLayerOptions {
  return {
    ...(config.activation ? { activation: activationFromConfig(config.activation as ActivationConfig) } : {}),
    ...(config.useBias === undefined ? {} : { useBias: config.useBias as boolean }),
    ...(config.initializer ? { initializer: initializerFromConfig(config.initializer as InitializerConfig) } : {}),
    ...(config.biasInitializer ? { biasInitializer: initializerFromConfig(config.biasInitializer as InitializerConfig) } : {}),
    ...(config.dtype ? { dtype: config.dtype as DType } : {}),
    ...(random ? { random } : {}),
    l1: (config.l1 as number | undefined) ?? 0,
    l2: (config.l2 as number | undefined) ?? 0,
  };
}
