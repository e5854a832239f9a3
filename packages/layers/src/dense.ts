import type { ElementwiseActivation } from '@nnts/activations';
import type { RandomGenerator, Shape, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertKnownOptions, formatShape, getBackend, matmul, reshape, zeros } from '@nnts/tensor';
import { ReusableBuffer } from './buffers';
import { assertForwardDone, assertSampleRank } from './input-checks';
import type { KernelLayerOptions } from './kernel-layer';
import { KERNEL_LAYER_OPTIONS, KernelLayer, kernelOptionsFromConfig } from './kernel-layer';
import type { BuildContext, ForwardOptions, LayerConfig } from './layer';

export type DenseOptions = KernelLayerOptions;

export interface DenseLayerOptions extends KernelLayerOptions {
  /** Output features. */
  readonly units: number;
}

/**
 * A fully connected layer, y = activation(x·W + b) (the seed's Fullyconnected): W is [inputs, units],
 * b is [units]. Input of higher rank [batch, ..., inputs] is transformed along its last axis, as in
 * Keras. Two ways to make one: with its input size, or (Keras style) with only its units, the input
 * size coming from the layer before when a model builds it.
 *
 * @example
 * new Dense(784, 300, { initializer: xavierHe('normal', 'relu'), random: new RandomGenerator(42) });
 * new Dense({ units: 120, activation: 'relu' }); // or dense({ units: 120, activation: 'relu' })
 */
export class Dense extends KernelLayer {
  readonly kind = 'dense';
  readonly units: number;
  private inputCount: number | null = null;
  private input: Tensor | null = null;
  private output = new ReusableBuffer<{ bias?: Tensor }>();
  private readonly inputGradient = new ReusableBuffer({ transposeB: true });
  private weightGradientOptions: { transposeA: true; out: Tensor } | null = null;

  constructor(inputs: number, units: number, options?: DenseOptions);
  constructor(options: DenseLayerOptions);
  constructor(inputsOrOptions: number | DenseLayerOptions, unitsArgument?: number, optionsArgument: DenseOptions = {}) {
    const sized = typeof inputsOrOptions === 'number';
    const options: KernelLayerOptions = sized ? optionsArgument : (inputsOrOptions ?? {});
    assertKnownOptions('Dense', options, sized ? KERNEL_LAYER_OPTIONS : [...KERNEL_LAYER_OPTIONS, 'units']);
    super('Dense', options);
    const units = sized ? unitsArgument : (options as DenseLayerOptions).units;
    const sizes: [string, unknown][] = sized ? [['inputs', inputsOrOptions], ['units', units]] : [['units', units]];
    for (const [name, value] of sizes) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ValueError(`Dense: ${name} must be an integer >= 1, got ${String(value)}`);
    }
    this.units = units!;
    if (sized) {
      this.inputCount = inputsOrOptions;
      // Weights are drawn now when the layer can (as it always did), else when a model builds it.
      if (this.canDrawAlone()) this.build([inputsOrOptions], { ...(options.random ? { random: options.random } : {}) });
      else this.declareInputShape([inputsOrOptions]);
    }
  }

  /** Input features (known once built, or from the constructor). */
  get inputs(): number {
    if (this.inputCount === null) this.assertBuilt();
    return this.inputCount!;
  }

  outputShape(inputShape: Shape): Shape {
    assertSampleRank('Dense', inputShape, 1, '[..., features]', true);
    const features = inputShape[inputShape.length - 1]!;
    if (this.inputCount !== null && features !== this.inputCount) {
      throw new ShapeError(`Dense: expects ${this.inputCount} input features, got samples ${formatShape(inputShape)}`);
    }
    return [...inputShape.slice(0, -1), this.units];
  }

  protected override createWeights(inputShape: Shape, context: BuildContext): void {
    const inputs = inputShape[inputShape.length - 1]!;
    this.inputCount = inputs;
    const { weights, bias } = this.createKernel([inputs, this.units], inputs, this.units, this.units, context);
    this.output = new ReusableBuffer(bias ? { bias: bias.value } : {});
    this.weightGradientOptions = { transposeA: true, out: weights.gradient };
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    this.buildFrom(x);
    const x2 = this.matrixOf(x);
    const rows = x2.shape[0]!;
    const w = this.weights.value;
    const z = this.output.matrix(rows, this.units, w.dtype);
    this.input = x2;
    const own = this.own;
    if (own?.fusible && x2.dtype === w.dtype) {
      const a = own.outputFor(z);
      if (this.fusedProduct(x2, own.fusible, z, a)) return own.record(this.shapedLike(x, z), this.shapedLike(x, a));
    }
    matmul(x2, w, this.output.options(z));
    return this.activate(this.shapedLike(x, z));
  }

  /**
   * forward(x) without this layer's own activation, and `activated` = activation(output) in the same
   * backend call, where the backend fuses them: a dense layer and a separate Activation layer after
   * it. Returns the output (the pre-activations), or null, having done nothing, where it cannot.
   */
  forwardActivated(x: Tensor, activation: ElementwiseActivation, activated: Tensor): Tensor | null {
    if (this.own || x.rank !== 2 || !getBackend().matmulActivation) return null;
    this.buildFrom(x);
    const x2 = this.matrixOf(x);
    const rows = x2.shape[0]!;
    const w = this.weights.value;
    if (activated.rank !== 2 || activated.shape[0] !== rows || activated.shape[1] !== this.units || activated.dtype !== w.dtype) {
      throw new ShapeError(`Dense.forwardActivated: activated must be ${w.dtype} [${rows}, ${this.units}], got ${activated.dtype} ${formatShape(activated.shape)}`);
    }
    if (x2.dtype !== w.dtype) return null; // matmul reports the dtype error
    const z = this.output.matrix(rows, this.units, w.dtype);
    if (!this.fusedProduct(x2, activation, z, activated)) return null;
    this.input = x2;
    return z;
  }

  /** The mask passes through: each step is transformed on its own. */
  computeMask(inputMask: Tensor | null): Tensor | null {
    return inputMask;
  }

  backwardFromPreActivation(gradient: Tensor, inputGradient: boolean): Tensor | null {
    assertForwardDone('Dense', this.input);
    const x = this.input;
    const rows = x.shape[0]!;
    const dz = gradient.rank === 2 ? gradient : reshape(gradient, [-1, this.units]);
    if (dz.rank !== 2 || dz.shape[0] !== rows || dz.shape[1] !== this.units) {
      throw new ShapeError(`Dense.backward: gradOutput ${formatShape(gradient.shape)} does not match the output [${rows}, ${this.units}]`);
    }
    // dW = xᵀ·dz, db = Σ_rows dz, dx = dz·Wᵀ: transposed operands, never transposed copies.
    matmul(x, dz, this.weightGradientOptions!);
    const bias = this.bias;
    if (bias) getBackend().reduce('sum', dz.data, bias.gradient.data, 1, rows, this.units);
    if (!inputGradient) return null;
    const dx = this.inputGradient.matrix(rows, this.inputs, x.dtype);
    matmul(dz, this.weights.value, this.inputGradient.options(dx));
    return gradient.rank === 2 ? dx : reshape(dx, [...gradient.shape.slice(0, -1), this.inputs]);
  }

  /**
   * The seed's view of the parameters: one matrix [inputs + 1, units] whose last row is the bias, so
   * that [x, 1]·W = x·W + b (the ones column of addOnesColumn(x, { position: 'last' })). A copy.
   */
  weightsWithBiasRow(): Tensor {
    const { inputs, units } = this;
    const w = this.weights.value;
    const out = zeros([inputs + 1, units], { dtype: w.dtype });
    out.data.set(w.data);
    if (this.bias) out.data.set(this.bias.value.data, inputs * units);
    return out;
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, ...(this.inputCount === null ? {} : { inputs: this.inputCount }), units: this.units, ...this.kernelConfig() };
  }

  /**
   * Rebuilds the layer from its config. With `random` its weights are drawn now; without, when a model
   * builds it. To restore a saved model, copy the saved values into `parameters()`.
   */
  static fromConfig(config: LayerConfig, random?: RandomGenerator): Dense {
    const options = kernelOptionsFromConfig(config, random);
    return typeof config.inputs === 'number' ? new Dense(config.inputs, config.units as number, options) : new Dense({ ...options, units: config.units as number });
  }

  /** x as [rows, inputs], checked. */
  private matrixOf(x: Tensor): Tensor {
    const inputs = this.inputs;
    if (x.rank < 2 || x.shape[x.rank - 1] !== inputs) throw new ShapeError(`Dense: expected a batch [..., ${inputs}], got ${formatShape(x.shape)}`);
    return x.rank === 2 ? x : reshape(x, [x.size / inputs, inputs]);
  }

  /** A [rows, units] result in the batch shape of x. */
  private shapedLike(x: Tensor, result: Tensor): Tensor {
    return x.rank === 2 ? result : reshape(result, [...x.shape.slice(0, -1), this.units]);
  }

  private fusedProduct(x: Tensor, activation: ElementwiseActivation, z: Tensor, activated: Tensor): boolean {
    const backend = getBackend();
    const bias = this.bias;
    return backend.matmulActivation?.(x.data, this.weights.value.data, z.data, x.shape[0]!, this.inputs, this.units, false, false, bias ? bias.value.data : null, activation.name, activation.kernelParameter(), activated.data) ?? false;
  }
}
