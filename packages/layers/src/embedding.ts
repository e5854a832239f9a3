import type { DType, RandomGenerator, Shape, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertBoolean, assertKnownOptions, formatShape, getBackend, zerosLike } from '@nnts/tensor';
import { BaseLayer } from './base-layer';
import { ReusableBuffer, ReusableIntegers } from './buffers';
import type { Initializer, InitializerConfig } from './initializers';
import { initializerFromConfig, uniform } from './initializers';
import { assertWeightOptions, drawingGenerator } from './weight-options';
import { assertForwardDone, assertSampleRank } from './input-checks';
import type { BuildContext, ForwardOptions, LayerConfig, Parameter } from './layer';

export interface EmbeddingOptions {
  /** The vocabulary size: ids are integers in [0, inputDim). */
  readonly inputDim: number;
  /** The length of each id's vector. */
  readonly outputDim: number;
  /**
   * Id 0 is padding: the layer outputs a [batch, time] mask (1 for real steps) that the recurrent
   * layers and 1-D global pooling after it honour. False by default.
   */
  readonly maskZero?: boolean;
  /** Draws the vectors; uniform(-0.05, 0.05) by default, as Keras. */
  readonly initializer?: Initializer;
  readonly random?: RandomGenerator;
  readonly dtype?: DType;
  readonly l1?: number;
  readonly l2?: number;
}

/**
 * Integer ids to learned vectors: [batch, ...ids] -> [batch, ...ids, outputDim], row id of the
 * [inputDim, outputDim] matrix `embeddings` (Keras's Embedding). Ids arrive as the numbers of a float
 * tensor, as every tensor here is float; each must be an integer in [0, inputDim), and the error names
 * the one that is not. Backward touches only the rows the batch used.
 *
 * @example
 * embedding({ inputDim: 10000, outputDim: 64, maskZero: true })
 */
export class Embedding extends BaseLayer {
  readonly kind = 'embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  private readonly initializer: Initializer;
  private readonly random: RandomGenerator | undefined;
  private readonly dtypeOption: DType | undefined;
  private readonly l1: number;
  private readonly l2: number;
  private table: Parameter | null = null;
  private readonly ids = new ReusableIntegers((n) => new Int32Array(n));
  /** The rows the last backward pass wrote: the next one clears only these. */
  private readonly touched = new ReusableIntegers((n) => new Int32Array(n));
  private touchedCount = 0;
  private readonly output = new ReusableBuffer();
  private readonly maskBuffer = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();
  private last: { x: Tensor; ids: Int32Array; mask: Tensor | null } | null = null;

  constructor(options: EmbeddingOptions) {
    assertKnownOptions('Embedding', options, ['inputDim', 'outputDim', 'maskZero', 'initializer', 'random', 'dtype', 'l1', 'l2']);
    super();
    const { inputDim, outputDim, maskZero = false, initializer = uniform(-0.05, 0.05), l1 = 0, l2 = 0 } = options ?? ({} as EmbeddingOptions);
    for (const [name, value] of [['inputDim', inputDim], ['outputDim', outputDim]] as const) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ValueError(`Embedding: ${name} must be an integer >= 1, got ${String(value)}`);
    }
    if (inputDim > 2 ** 24) throw new ValueError(`Embedding: inputDim must be at most 2^24 (ids travel as float32 numbers), got ${inputDim}`);
    assertBoolean('Embedding', 'maskZero', maskZero);
    assertWeightOptions('Embedding', { l1, l2, dtype: options.dtype, random: options.random }, { initializer });
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.maskZero = maskZero;
    this.initializer = initializer;
    this.random = options.random;
    this.dtypeOption = options.dtype;
    this.l1 = l1;
    this.l2 = l2;
  }

  /** The [inputDim, outputDim] vectors (Keras's `embeddings`). */
  get embeddings(): Parameter {
    this.assertBuilt();
    return this.table!;
  }

  outputShape(inputShape: Shape): Shape {
    assertSampleRank('Embedding', inputShape, 1, '[...ids] (one id per step)', true);
    return [...inputShape, this.outputDim];
  }

  protected override createWeights(_inputShape: Shape, context: BuildContext): void {
    const random = drawingGenerator('Embedding', this.random, context, this.initializer.random, 'vectors');
    const dtype = this.dtypeOption ?? context.dtype ?? 'float32';
    const value = this.initializer.create([this.inputDim, this.outputDim], this.inputDim, this.outputDim, dtype, random);
    this.table = { name: 'embeddings', value, gradient: zerosLike(value), l1: this.l1, l2: this.l2 };
  }

  parameters(): readonly Parameter[] {
    return [this.embeddings];
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    if (x.rank < 2) throw new ShapeError(`Embedding: expected a batch of ids [batch, ...ids], got ${formatShape(x.shape)}`);
    if (!this.built) this.build(x.shape.slice(1));
    const table = this.embeddings.value;
    const ids = this.ids.get(x.size);
    const data = x.data;
    for (let i = 0; i < data.length; i++) {
      const id = data[i]!;
      if (!(Number.isInteger(id) && id >= 0 && id < this.inputDim)) {
        throw new ValueError(`Embedding: id ${id} at ${positionOf(i, x.shape)} is outside the vocabulary: ids must be integers in [0, ${this.inputDim})`);
      }
      ids[i] = id;
    }
    const width = this.outputDim;
    const out = this.output.batch(x.shape[0]!, [...x.shape.slice(1), width], table.dtype);
    const backend = getBackend();
    if (backend.gatherRows) backend.gatherRows(table.data, ids, out.data, this.inputDim, width);
    else for (let i = 0; i < ids.length; i++) out.data.set(table.data.subarray(ids[i]! * width, (ids[i]! + 1) * width), i * width);
    let mask: Tensor | null = null;
    if (this.maskZero) {
      mask = this.maskBuffer.get(x.shape, table.dtype);
      for (let i = 0; i < ids.length; i++) mask.data[i] = ids[i] === 0 ? 0 : 1;
    }
    this.last = { x, ids, mask };
    return out;
  }

  /** With maskZero, the steps whose id is not 0 (Keras's compute_mask); else none. */
  computeMask(_inputMask: Tensor | null): Tensor | null {
    return this.last?.mask ?? null;
  }

  /** Ids have no gradient: dL/dx is zeros (a model's first layer skips it). */
  backward(gradOutput: Tensor): Tensor {
    this.backwardParameters(gradOutput);
    const x = this.last!.x;
    const dx = this.inputGradient.get(x.shape, x.dtype);
    dx.data.fill(0);
    return dx;
  }

  /** dE[id] = Σ dy over the positions holding id: a scatter-add into the rows used, after clearing the rows the last pass used. */
  backwardParameters(gradOutput: Tensor): void {
    assertForwardDone('Embedding', this.last);
    const { ids } = this.last;
    const width = this.outputDim;
    if (gradOutput.size !== ids.length * width || gradOutput.shape[gradOutput.rank - 1] !== width) {
      throw new ShapeError(`Embedding.backward: gradOutput ${formatShape(gradOutput.shape)} does not match the output [${this.last.x.shape.join(', ')}, ${width}]`);
    }
    const gradient = this.embeddings.gradient.data;
    // Penalties add to every row of the gradient, so with them every row is cleared.
    if (this.l1 !== 0 || this.l2 !== 0) gradient.fill(0);
    else {
      const touched = this.touched.get(this.touchedCount);
      for (let i = 0; i < touched.length; i++) gradient.fill(0, touched[i]! * width, (touched[i]! + 1) * width);
    }
    const g = gradOutput.data;
    for (let i = 0; i < ids.length; i++) {
      const row = ids[i]! * width;
      const from = i * width;
      for (let j = 0; j < width; j++) gradient[row + j] = gradient[row + j]! + g[from + j]!;
    }
    const touched = this.touched.get(ids.length);
    touched.set(ids);
    this.touchedCount = ids.length;
  }

  getConfig(): LayerConfig {
    return {
      kind: this.kind, inputDim: this.inputDim, outputDim: this.outputDim, maskZero: this.maskZero,
      initializer: this.initializer.getConfig(), dtype: this.table?.value.dtype ?? this.dtypeOption ?? null, l1: this.l1, l2: this.l2,
    };
  }

  static fromConfig(config: LayerConfig, random?: RandomGenerator): Embedding {
    return new Embedding({
      inputDim: config.inputDim as number, outputDim: config.outputDim as number,
      ...(config.maskZero === undefined ? {} : { maskZero: config.maskZero as boolean }),
      ...(config.initializer ? { initializer: initializerFromConfig(config.initializer as InitializerConfig) } : {}),
      ...(config.dtype ? { dtype: config.dtype as DType } : {}),
      ...(random ? { random } : {}),
      l1: (config.l1 as number | undefined) ?? 0,
      l2: (config.l2 as number | undefined) ?? 0,
    });
  }
}

/** Flat index i of a tensor of `shape` as [i0, i1, ...]: where a bad id sits. */
function positionOf(i: number, shape: Shape): string {
  const position: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    position.unshift(i % shape[axis]!);
    i = Math.floor(i / shape[axis]!);
  }
  return `[${position.join(', ')}]`;
}
