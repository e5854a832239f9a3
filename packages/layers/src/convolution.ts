import type { Conv2DOptions, Padding, RandomGenerator, Shape, Tensor } from '@nnts/tensor';
import {
  ShapeError, ValueError, assertKnownOptions, conv2d, conv2dBackpropFilter, conv2dBackpropInput, conv2dGeometry, convAxis, formatShape, getBackend, reshape, spatialTuple,
} from '@nnts/tensor';
import { ReusableBuffer } from './buffers';
import { assertForwardDone, assertSampleRank } from './input-checks';
import type { KernelLayerOptions } from './kernel-layer';
import { KERNEL_LAYER_OPTIONS, KernelLayer, kernelOptionsFromConfig } from './kernel-layer';
import type { BuildContext, ForwardOptions, LayerConfig } from './layer';

export interface ConvolutionOptions extends KernelLayerOptions {
  /** Output channels: how many kernels slide over the input. */
  readonly filters: number;
  /** The window, one number or one per spatial axis. */
  readonly kernelSize: number | readonly number[];
  /** Steps between windows; 1 by default. */
  readonly strides?: number | readonly number[];
  /** 'valid' (the default: windows inside the input) or 'same' (zero padding to keep ceil(in / stride), split as TensorFlow does). */
  readonly padding?: Padding;
  /** Spacing between kernel taps; 1 by default. */
  readonly dilationRate?: number | readonly number[];
}

const KNOWN = [...KERNEL_LAYER_OPTIONS, 'filters', 'kernelSize', 'strides', 'padding', 'dilationRate'];

/**
 * The convolution layers' one core, for 1 or 2 spatial axes over channels-last batches
 * ([batch, steps, channels] or [batch, height, width, channels]). The kernel is Keras's
 * [...kernelSize, inChannels, filters], so weights map one to one to and from Keras and TF.js. A 1-D
 * convolution runs as a 2-D one of height 1, on views that share storage.
 */
export abstract class Convolution extends KernelLayer {
  readonly rank: 1 | 2;
  readonly filters: number;
  readonly kernelSize: readonly number[];
  readonly strides: readonly number[];
  readonly padding: Padding;
  readonly dilationRate: readonly number[];
  private input: Tensor | null = null;
  private kernel4: Tensor | null = null;
  private kernelGradient4: Tensor | null = null;
  private output = new ReusableBuffer<Conv2DOptions>();
  private inputGradient = new ReusableBuffer<Conv2DOptions>();
  /** Strides, dilation and padding as the 2-D ops take them. */
  private readonly window: Conv2DOptions;
  /** The window with the kernel gradient as `out`: the filter-gradient op's options, made once. */
  private filterGradient: Conv2DOptions | null = null;

  protected constructor(owner: string, rank: 1 | 2, options: ConvolutionOptions) {
    assertKnownOptions(owner, options ?? {}, KNOWN);
    super(owner, options);
    const { filters } = options;
    if (typeof filters !== 'number' || !Number.isInteger(filters) || filters < 1) throw new ValueError(`${owner}: filters must be an integer >= 1, got ${String(filters)}`);
    this.rank = rank;
    this.filters = filters;
    if (options.kernelSize === undefined) throw new ValueError(`${owner}: kernelSize is required (one number or ${rank} of them)`);
    this.kernelSize = Object.freeze(spatialTuple(owner, 'kernelSize', options.kernelSize as number, rank));
    this.strides = Object.freeze(spatialTuple(owner, 'strides', (options.strides ?? 1) as number, rank));
    this.dilationRate = Object.freeze(spatialTuple(owner, 'dilationRate', (options.dilationRate ?? 1) as number, rank));
    this.padding = options.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') throw new ValueError(`${owner}: padding must be 'valid' or 'same', got ${JSON.stringify(this.padding)}`);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new ValueError(`${owner}: strides > 1 and dilationRate > 1 cannot be combined (as in Keras), got strides ${formatShape(this.strides)} and dilationRate ${formatShape(this.dilationRate)}`);
    }
    this.window = this.as2d();
  }

  outputShape(inputShape: Shape): Shape {
    const described = this.rank === 2 ? '[height, width, channels]' : '[steps, channels]';
    assertSampleRank(this.kind, inputShape, this.rank + 1, described);
    const channels = inputShape[this.rank]!;
    const built = this.built ? this.weights.value.shape[this.rank] : undefined;
    if (built !== undefined && channels !== built) throw new ShapeError(`${this.kind}: expects ${built} input channels, got samples ${formatShape(inputShape)}`);
    const spatial = inputShape.slice(0, this.rank).map((length, axis) =>
      convAxis(this.kind, this.rank === 1 ? 'length' : axis === 0 ? 'height' : 'width', length, this.kernelSize[axis]!, this.strides[axis]!, this.dilationRate[axis]!, this.padding).out);
    return [...spatial, this.filters];
  }

  protected override createWeights(inputShape: Shape, context: BuildContext): void {
    const channels = inputShape[this.rank]!;
    const window = this.kernelSize.reduce((p, k) => p * k, 1);
    // Keras's fans for a convolution: every tap of every input channel feeds an output.
    const { weights, bias } = this.createKernel([...this.kernelSize, channels, this.filters], window * channels, window * this.filters, this.filters, context);
    this.kernel4 = this.rank === 2 ? weights.value : reshape(weights.value, [1, ...weights.value.shape]);
    this.kernelGradient4 = this.rank === 2 ? weights.gradient : reshape(weights.gradient, [1, ...weights.gradient.shape]);
    this.output = new ReusableBuffer({ ...this.window, ...(bias ? { bias: bias.value } : {}) });
    this.inputGradient = new ReusableBuffer(this.window);
    this.filterGradient = { ...this.window, out: this.kernelGradient4 };
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    this.buildFrom(x);
    const x4 = this.as4d(x, 'input');
    const channels = this.kernel4!.shape[2]!;
    if (x4.shape[3] !== channels) throw new ShapeError(`${this.kind}: expects ${channels} input channels, got a batch ${formatShape(x.shape)}`);
    const g = conv2dGeometry(this.kind, x4.shape, this.kernel4!.shape, this.window);
    const z = this.output.batch(g.batch, this.rank === 2 ? [g.outHeight, g.outWidth, g.outChannels] : [1, g.outWidth, g.outChannels], x.dtype);
    this.input = x4;
    const own = this.own;
    const fusible = own?.fusible;
    const backend = getBackend();
    if (fusible && backend.conv2dActivation && x4.dtype === this.kernel4!.dtype) {
      const a = own.outputFor(z);
      const bias = this.bias;
      if (backend.conv2dActivation(x4.data, this.kernel4!.data, bias ? bias.value.data : null, z.data, g, fusible.name, fusible.kernelParameter(), a.data)) {
        return own.record(this.asOwnRank(z), this.asOwnRank(a));
      }
    }
    conv2d(x4, this.kernel4!, this.output.options(z));
    return this.activate(this.asOwnRank(z));
  }

  backwardFromPreActivation(gradient: Tensor, inputGradient: boolean): Tensor | null {
    assertForwardDone(this.kind, this.input);
    const x = this.input;
    const dz = this.as4d(gradient, 'gradient');
    conv2dBackpropFilter(x, dz, this.kernelGradient4!.shape, this.filterGradient!);
    const bias = this.bias;
    if (bias) getBackend().reduce('sum', dz.data, bias.gradient.data, 1, dz.size / this.filters, this.filters);
    if (!inputGradient) return null;
    const dx = this.inputGradient.get(x.shape, x.dtype);
    conv2dBackpropInput(dz, this.kernel4!, x.shape, this.inputGradient.options(dx));
    return this.asOwnRank(dx);
  }

  getConfig(): LayerConfig {
    return {
      kind: this.kind, filters: this.filters, kernelSize: [...this.kernelSize], strides: [...this.strides], padding: this.padding,
      dilationRate: [...this.dilationRate], ...this.kernelConfig(),
    };
  }

  /** Strides and dilation as the 2-D ops take them (a 1-D convolution has height 1). */
  private as2d(): Conv2DOptions {
    const pair = (values: readonly number[]): [number, number] => (this.rank === 2 ? [values[0]!, values[1]!] : [1, values[0]!]);
    return { strides: pair(this.strides), dilationRate: pair(this.dilationRate), padding: this.padding };
  }

  /** A 1-D batch [batch, steps, channels] as [batch, 1, steps, channels] (a view); 2-D batches as they are. */
  private as4d(x: Tensor, what: string): Tensor {
    const expected = this.rank === 2 ? '[batch, height, width, channels]' : '[batch, steps, channels]';
    if (x.rank !== this.rank + 2) throw new ShapeError(`${this.kind}: expected ${what === 'input' ? 'a batch' : 'an output gradient'} ${expected}, got ${formatShape(x.shape)}`);
    return this.rank === 2 ? x : reshape(x, [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!]);
  }

  private asOwnRank(x: Tensor): Tensor {
    return this.rank === 2 ? x : reshape(x, [x.shape[0]!, x.shape[2]!, x.shape[3]!]);
  }
}

/** Conv2D's options: kernelSize, strides and dilationRate as one number or [height, width]. */
export type Conv2DLayerOptions = ConvolutionOptions;

/**
 * 2-D convolution over [batch, height, width, channels] (Keras's Conv2D): `filters` kernels of
 * [kernelHeight, kernelWidth, channels], each giving one output channel.
 *
 * @example
 * new Conv2D({ filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }); // or conv2d({ ... })
 */
export class Conv2D extends Convolution {
  readonly kind = 'conv2d';

  constructor(options: Conv2DLayerOptions) {
    super('Conv2D', 2, options);
  }

  static fromConfig(config: LayerConfig, random?: RandomGenerator): Conv2D {
    return new Conv2D({ ...convolutionOptionsFromConfig(config, random), kernelSize: config.kernelSize as number[] });
  }
}

/** Conv1D's options: kernelSize, strides and dilationRate as one number (or [n]). */
export type Conv1DLayerOptions = ConvolutionOptions;

/**
 * 1-D convolution over [batch, steps, channels] (Keras's Conv1D), e.g. over time; the kernel is
 * [kernelSize, channels, filters].
 *
 * @example
 * new Conv1D({ filters: 32, kernelSize: 3, activation: 'relu' }); // or conv1d({ ... })
 */
export class Conv1D extends Convolution {
  readonly kind = 'conv1d';

  constructor(options: Conv1DLayerOptions) {
    super('Conv1D', 1, options);
  }

  static fromConfig(config: LayerConfig, random?: RandomGenerator): Conv1D {
    return new Conv1D({ ...convolutionOptionsFromConfig(config, random), kernelSize: config.kernelSize as number[] });
  }
}

function convolutionOptionsFromConfig(config: LayerConfig, random: RandomGenerator | undefined): Omit<ConvolutionOptions, 'kernelSize'> {
  return {
    ...kernelOptionsFromConfig(config, random), filters: config.filters as number, strides: config.strides as number[],
    padding: config.padding as Padding, dilationRate: config.dilationRate as number[],
  };
}
