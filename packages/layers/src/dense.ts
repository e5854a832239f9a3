import type { ElementwiseActivation } from '@nnts/activations';
import type { DType, Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, ValueError, assertFiniteNumber, assertKnownOptions, formatShape, getBackend, matmul, zeros, zerosLike } from '@nnts/tensor';
import { ReusableBuffer } from './buffers';
import { assertBatch, assertForwardDone } from './check-input';
import type { Initializer } from './initializers';
import { initializerFromConfig, xavierHe, zeros as zerosInitializer } from './initializers';
import type { ForwardOptions, Layer, LayerConfig, Parameter } from './layer';

export interface DenseOptions {
  /** Draws the weights; xavierHe('uniform', 'sigmoid') (Glorot uniform) by default. */
  readonly initializer?: Initializer;
  /** Draws the bias; zeros by default. */
  readonly biasInitializer?: Initializer;
  /** The seeded generator random initialisers draw from. */
  readonly random?: RandomGenerator;
  readonly dtype?: DType;
  /** L1 penalty on the weights (not the bias); 0 by default. */
  readonly l1?: number;
  /** L2 penalty on the weights (not the bias); 0 by default. */
  readonly l2?: number;
}

/**
 * A fully connected layer, y = x·W + b (the seed's Fullyconnected): W is [inputs, units], b is [units].
 *
 * @example
 * const random = new RandomGenerator(42);
 * const layer = new Dense(784, 300, { initializer: xavierHe('normal', 'relu'), random });
 */
export class Dense implements Layer {
  readonly kind = 'dense';
  readonly inputs: number;
  readonly units: number;
  readonly weights: Parameter;
  readonly bias: Parameter;
  private readonly initializerConfig: ReturnType<Initializer['getConfig']>;
  private readonly biasInitializerConfig: ReturnType<Initializer['getConfig']>;
  private input: Tensor | null = null;
  private readonly output: ReusableBuffer<{ bias: Tensor }>;
  private readonly inputGradient = new ReusableBuffer({ transposeB: true });
  private readonly weightGradientOptions: { transposeA: true; out: Tensor };

  constructor(inputs: number, units: number, options: DenseOptions = {}) {
    assertKnownOptions('Dense', options, ['initializer', 'biasInitializer', 'random', 'dtype', 'l1', 'l2']);
    for (const [name, value] of [['inputs', inputs], ['units', units]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new ValueError(`Dense: ${name} must be an integer >= 1, got ${value}`);
    }
    const { initializer = xavierHe('uniform', 'sigmoid'), biasInitializer = zerosInitializer(), random, dtype = 'float32', l1 = 0, l2 = 0 } = options;
    for (const [name, value] of [['l1', l1], ['l2', l2]] as const) {
      assertFiniteNumber('Dense', name, value);
      if (value < 0) throw new ValueError(`Dense: ${name} must be >= 0, got ${value}`);
    }
    this.inputs = inputs;
    this.units = units;
    const weights = initializer.create([inputs, units], inputs, units, dtype, random);
    const bias = biasInitializer.create([units], inputs, units, dtype, random);
    this.weights = { name: 'weights', value: weights, gradient: zerosLike(weights), l1, l2 };
    this.bias = { name: 'bias', value: bias, gradient: zerosLike(bias), l1: 0, l2: 0 };
    this.output = new ReusableBuffer({ bias: this.bias.value });
    this.weightGradientOptions = { transposeA: true, out: this.weights.gradient };
    this.initializerConfig = initializer.getConfig();
    this.biasInitializerConfig = biasInitializer.getConfig();
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    assertBatch('Dense', x, this.inputs);
    this.input = x;
    const out = this.output.matrix(x.shape[0]!, this.units, this.weights.value.dtype);
    return matmul(x, this.weights.value, this.output.options(out));
  }

  /**
   * forward(x), and `activated` = activation(output) in the same backend call, where the backend fuses
   * them (the native one does for its elementwise activations). Returns the output (the
   * pre-activations), or null, having done nothing, where the backend cannot.
   */
  forwardActivated(x: Tensor, activation: ElementwiseActivation, activated: Tensor): Tensor | null {
    const backend = getBackend();
    if (!backend.matmulActivation) return null;
    assertBatch('Dense', x, this.inputs);
    const rows = x.shape[0]!;
    const w = this.weights.value;
    if (activated.rank !== 2 || activated.shape[0] !== rows || activated.shape[1] !== this.units || activated.dtype !== w.dtype) {
      throw new ShapeError(`Dense.forwardActivated: activated must be ${w.dtype} [${rows}, ${this.units}], got ${activated.dtype} ${formatShape(activated.shape)}`);
    }
    if (x.dtype !== w.dtype) return null; // matmul reports the dtype error
    const out = this.output.matrix(rows, this.units, w.dtype);
    if (!backend.matmulActivation(x.data, w.data, out.data, rows, this.inputs, this.units, false, false, this.bias.value.data, activation.name, activation.kernelParameter(), activated.data)) return null;
    this.input = x;
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    const x = this.backwardParameters(gradOutput);
    const dx = this.inputGradient.get(x.shape, x.dtype);
    return matmul(gradOutput, this.weights.value, this.inputGradient.options(dx));
  }

  /** dW and db only (returns the forward input): what the first layer of a network needs. */
  backwardParameters(gradOutput: Tensor): Tensor {
    assertForwardDone('Dense', this.input);
    const x = this.input;
    if (gradOutput.rank !== 2 || gradOutput.shape[0] !== x.shape[0] || gradOutput.shape[1] !== this.units) {
      throw new ShapeError(`Dense.backward: gradOutput ${formatShape(gradOutput.shape)} does not match the output [${x.shape[0]}, ${this.units}]`);
    }
    // dW = xᵀ·dy, db = Σ_rows dy (and in backward dx = dy·Wᵀ): transposed operands, never transposed copies.
    matmul(x, gradOutput, this.weightGradientOptions);
    // db = column sums of dy, written straight into the gradient (the public `sum` op returns a new tensor).
    getBackend().reduce('sum', gradOutput.data, this.bias.gradient.data, 1, x.shape[0]!, this.units);
    return x;
  }

  parameters(): readonly Parameter[] {
    return [this.weights, this.bias];
  }

  buffers(): readonly { name: string; value: Tensor }[] {
    return [];
  }

  outputFeatures(inputFeatures: number): number {
    if (inputFeatures !== this.inputs) throw new ShapeError(`Dense: expects ${this.inputs} input features, the layer before gives ${inputFeatures}`);
    return this.units;
  }

  /**
   * The seed's view of the parameters: one matrix [inputs + 1, units] whose last row is the bias, so
   * that [x, 1]·W = x·W + b (the ones column of addOnesColumn(x, { position: 'last' })). A copy.
   */
  weightsWithBiasRow(): Tensor {
    const { inputs, units } = this;
    const out = zeros([inputs + 1, units], { dtype: this.weights.value.dtype });
    out.data.set(this.weights.value.data);
    out.data.set(this.bias.value.data, inputs * units);
    return out;
  }

  getConfig(): LayerConfig {
    return {
      kind: this.kind, inputs: this.inputs, units: this.units, dtype: this.weights.value.dtype,
      initializer: this.initializerConfig, biasInitializer: this.biasInitializerConfig, l1: this.weights.l1, l2: this.weights.l2,
    };
  }

  /**
   * Rebuilds the layer from its config. Its weights are drawn afresh from `random` (seed 0 when
   * absent): to restore a saved model, copy the saved values into `parameters()`.
   */
  static fromConfig(config: LayerConfig, random: RandomGenerator = new RandomGenerator(0)): Dense {
    return new Dense(config.inputs as number, config.units as number, {
      initializer: initializerFromConfig(config.initializer as never), biasInitializer: initializerFromConfig(config.biasInitializer as never),
      dtype: config.dtype as DType, l1: config.l1 as number, l2: config.l2 as number, random,
    });
  }
}

