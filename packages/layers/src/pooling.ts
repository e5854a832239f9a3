import type { Padding, Pool2DOptions, Shape, Tensor } from '@nnts/tensor';
import { ValueError, assertKnownOptions, avgPool2d, avgPool2dBackprop, convAxis, maxPool2d, maxPool2dBackprop, reshape, spatialTuple } from '@nnts/tensor';
import { ReusableBuffer, ReusableIntegers } from './buffers';
import { assertBatchRank, assertForwardDone, assertGradientShape, assertSampleRank } from './input-checks';
import type { ForwardOptions, LayerConfig } from './layer';
import { ParameterFreeLayer } from './parameter-free-layer';

export interface PoolingOptions {
  /** The window, one number or one per spatial axis; 2 by default. */
  readonly poolSize?: number | readonly number[];
  /** Steps between windows; the pool size by default (windows side by side). */
  readonly strides?: number | readonly number[];
  /** 'valid' (the default) or 'same'. */
  readonly padding?: Padding;
}

type Reduction = 'max' | 'average';

/**
 * The pooling layers' one core, for 1 or 2 spatial axes over channels-last batches, taking the
 * maximum or the mean of each window of each channel. A 1-D pooling runs as a 2-D one of height 1.
 * Max pooling records where each maximum was, so its backward pass routes gradients straight there.
 */
export abstract class Pooling extends ParameterFreeLayer {
  readonly rank: 1 | 2;
  readonly reduction: Reduction;
  readonly poolSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
  private readonly window: Pool2DOptions;
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private readonly outputBuffer: ReusableBuffer<Pool2DOptions>;
  private readonly inputGradient: ReusableBuffer<Pool2DOptions>;
  private readonly indices = new ReusableIntegers((length) => new Int32Array(length));

  protected constructor(owner: string, rank: 1 | 2, reduction: Reduction, options: PoolingOptions) {
    super();
    assertKnownOptions(owner, options, ['poolSize', 'strides', 'padding']);
    this.rank = rank;
    this.reduction = reduction;
    this.poolSize = Object.freeze(spatialTuple(owner, 'poolSize', (options.poolSize ?? 2) as number, rank));
    this.strides = Object.freeze(spatialTuple(owner, 'strides', (options.strides ?? this.poolSize) as number, rank));
    this.padding = options.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') throw new ValueError(`${owner}: padding must be 'valid' or 'same', got ${JSON.stringify(this.padding)}`);
    const pair = (values: readonly number[]): [number, number] => (rank === 2 ? [values[0]!, values[1]!] : [1, values[0]!]);
    this.window = { poolSize: pair(this.poolSize), strides: pair(this.strides), padding: this.padding };
    this.outputBuffer = new ReusableBuffer(this.window);
    this.inputGradient = new ReusableBuffer(this.window);
  }

  override outputShape(inputShape: Shape): Shape {
    assertSampleRank(this.kind, inputShape, this.rank + 1, this.rank === 2 ? '[height, width, channels]' : '[steps, channels]');
    const spatial = inputShape.slice(0, this.rank).map((length, axis) =>
      convAxis(this.kind, this.rank === 1 ? 'length' : axis === 0 ? 'height' : 'width', length, this.poolSize[axis]!, this.strides[axis]!, 1, this.padding).out);
    return [...spatial, inputShape[this.rank]!];
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    assertBatchRank(this.kind, x, this.rank + 1, this.rank === 2 ? '[batch, height, width, channels]' : '[batch, steps, channels]');
    const x4 = this.rank === 2 ? x : reshape(x, [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!]);
    const sample = this.outputShape(x.shape.slice(1));
    const out = this.outputBuffer.batch(x.shape[0]!, this.rank === 2 ? sample : [1, ...sample], x.dtype);
    const options = this.outputBuffer.options(out);
    if (this.reduction === 'max') {
      // The maxima's positions are recorded in every mode, so backward also works after an inference pass.
      maxPool2d(x4, { ...options, indices: this.indices.get(out.size) });
    } else {
      avgPool2d(x4, options);
    }
    this.input = x4;
    this.output = out;
    return this.rank === 2 ? out : reshape(out, [out.shape[0]!, out.shape[2]!, out.shape[3]!]);
  }

  backward(gradOutput: Tensor): Tensor {
    assertForwardDone(this.kind, this.input);
    const x = this.input;
    const dy = this.rank === 2 ? gradOutput : reshape(gradOutput, [gradOutput.shape[0] ?? 0, 1, ...gradOutput.shape.slice(1)]);
    assertGradientShape(this.kind, dy, this.output!);
    const dx = this.inputGradient.get(x.shape, x.dtype);
    if (this.reduction === 'max') maxPool2dBackprop(dy, this.indices.get(dy.size), x.shape, { out: dx });
    else avgPool2dBackprop(dy, x.shape, this.inputGradient.options(dx));
    return this.rank === 2 ? dx : reshape(dx, [dx.shape[0]!, dx.shape[2]!, dx.shape[3]!]);
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }
}

/**
 * The maximum of each poolSize window of each channel of [batch, height, width, channels] (Keras's
 * MaxPooling2D).
 *
 * @example
 * new MaxPool2D({ poolSize: 2 }); // [batch, 28, 28, 6] -> [batch, 14, 14, 6]; or maxPool2d()
 */
export class MaxPool2D extends Pooling {
  readonly kind = 'maxPool2d';

  constructor(options: PoolingOptions = {}) {
    super('MaxPool2D', 2, 'max', options);
  }
}

/** The mean of each window of each channel of [batch, height, width, channels] (Keras's AveragePooling2D); 'same' padding is not counted. */
export class AveragePool2D extends Pooling {
  readonly kind = 'averagePool2d';

  constructor(options: PoolingOptions = {}) {
    super('AveragePool2D', 2, 'average', options);
  }
}

/** The maximum of each window of each channel of [batch, steps, channels] (Keras's MaxPooling1D). */
export class MaxPool1D extends Pooling {
  readonly kind = 'maxPool1d';

  constructor(options: PoolingOptions = {}) {
    super('MaxPool1D', 1, 'max', options);
  }
}

/** The mean of each window of each channel of [batch, steps, channels] (Keras's AveragePooling1D). */
export class AveragePool1D extends Pooling {
  readonly kind = 'averagePool1d';

  constructor(options: PoolingOptions = {}) {
    super('AveragePool1D', 1, 'average', options);
  }
}
