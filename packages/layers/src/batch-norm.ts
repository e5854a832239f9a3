import type { DType, Shape, Tensor } from '@nnts/tensor';
import { NntsError, ShapeError, ValueError, assertDType, assertFiniteNumber, assertKnownOptions, formatShape, full, zeros, zerosLike } from '@nnts/tensor';
import { BaseLayer } from './base-layer';
import { ReusableBuffer } from './buffers';
import { assertForwardDone, assertGradientShape, assertSampleRank } from './input-checks';
import type { BuildContext, ForwardOptions, LayerConfig, Parameter } from './layer';

export interface BatchNormOptions {
  /** Weight of the newest batch in the running statistics; 0.1 by default, as in PyTorch (Keras's momentum 0.9). */
  readonly momentum?: number;
  /** Added to the variance before the square root; 1e-5 by default, as in PyTorch. */
  readonly epsilon?: number;
  /** float32 or float64; by default the model's, else float32. */
  readonly dtype?: DType;
}

/**
 * Batch normalisation (Ioffe and Szegedy, 2015) of each feature, the last axis of the input:
 * [batch, features], or the channels of [batch, steps, channels] and [batch, height, width, channels],
 * whose statistics then run over every position of every sample (Keras's axis=-1).
 * y = gamma·(x - mean) / √(var + epsilon) + beta, with the batch's mean and (biased) variance in
 * training, and running averages of them at inference. The running variance uses the unbiased batch
 * variance and `momentum` weighs the newest batch, as PyTorch's BatchNorm does.
 *
 * @example
 * new BatchNorm(300);        // after a Dense of 300 units
 * new BatchNorm();           // features from the layer before, when a model builds it; or batchNorm()
 */
export class BatchNorm extends BaseLayer {
  readonly kind = 'batchNorm';
  readonly momentum: number;
  readonly epsilon: number;
  private readonly dtypeOption: DType | undefined;
  private featureCount: number | null = null;
  private state: {
    gamma: Parameter; beta: Parameter; runningMean: Tensor; runningVariance: Tensor;
    // Per-feature scratch, kept between batches: the batch statistics, then backward's sums.
    inverseStd: Float64Array; mean: Float64Array; variance: Float64Array; sumDy: Float64Array; sumDyXHat: Float64Array; factor: Float64Array;
  } | null = null;
  private normalized: Tensor | null = null;
  private readonly output = new ReusableBuffer();
  private readonly normalizedBuffer = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();

  constructor(features: number, options?: BatchNormOptions);
  constructor(options?: BatchNormOptions);
  constructor(featuresOrOptions?: number | BatchNormOptions, optionsArgument: BatchNormOptions = {}) {
    super();
    const sized = typeof featuresOrOptions === 'number';
    const options = sized ? optionsArgument : (featuresOrOptions ?? {});
    assertKnownOptions('BatchNorm', options, ['momentum', 'epsilon', 'dtype']);
    const { momentum = 0.1, epsilon = 1e-5 } = options;
    assertFiniteNumber('BatchNorm', 'momentum', momentum);
    assertFiniteNumber('BatchNorm', 'epsilon', epsilon);
    if (momentum < 0 || momentum > 1) throw new ValueError(`BatchNorm: momentum must be in [0, 1], got ${momentum}`);
    if (epsilon <= 0) throw new ValueError(`BatchNorm: epsilon must be > 0, got ${epsilon}`);
    if (options.dtype !== undefined) assertDType(options.dtype);
    this.momentum = momentum;
    this.epsilon = epsilon;
    this.dtypeOption = options.dtype;
    if (sized) {
      if (!Number.isInteger(featuresOrOptions) || featuresOrOptions < 1) throw new ValueError(`BatchNorm: features must be an integer >= 1, got ${featuresOrOptions}`);
      this.featureCount = featuresOrOptions;
      this.build([featuresOrOptions]);
    }
  }

  /** The number of features (channels) normalised: the input's last axis. */
  get features(): number {
    if (this.featureCount === null) this.assertBuilt();
    return this.featureCount!;
  }

  get gamma(): Parameter {
    return this.built$().gamma;
  }

  get beta(): Parameter {
    return this.built$().beta;
  }

  get runningMean(): Tensor {
    return this.built$().runningMean;
  }

  get runningVariance(): Tensor {
    return this.built$().runningVariance;
  }

  outputShape(inputShape: Shape): Shape {
    assertSampleRank('BatchNorm', inputShape, 1, '[..., features]', true);
    const features = inputShape[inputShape.length - 1]!;
    if (this.featureCount !== null && features !== this.featureCount) {
      throw new ShapeError(`BatchNorm: normalises ${this.featureCount} features, got samples ${formatShape(inputShape)}`);
    }
    return inputShape;
  }

  protected override createWeights(inputShape: Shape, context: BuildContext): void {
    const features = inputShape[inputShape.length - 1]!;
    const dtype = this.dtypeOption ?? context.dtype ?? 'float32';
    this.featureCount = features;
    const gamma = full([features], 1, { dtype });
    const beta = zeros([features], { dtype });
    this.state = {
      gamma: { name: 'gamma', value: gamma, gradient: zerosLike(gamma), l1: 0, l2: 0 },
      beta: { name: 'beta', value: beta, gradient: zerosLike(beta), l1: 0, l2: 0 },
      runningMean: zeros([features], { dtype }),
      runningVariance: full([features], 1, { dtype }),
      inverseStd: new Float64Array(features), mean: new Float64Array(features), variance: new Float64Array(features),
      sumDy: new Float64Array(features), sumDyXHat: new Float64Array(features), factor: new Float64Array(features),
    };
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    this.buildFrom(x);
    const k = this.features;
    if (x.rank < 2 || x.shape[x.rank - 1] !== k) throw new ShapeError(`BatchNorm: expected a batch [..., ${k}], got ${formatShape(x.shape)}`);
    const { gamma, beta, runningMean, runningVariance, inverseStd, mean, variance } = this.built$();
    const n = x.size / k;
    const out = this.output.get(x.shape, x.dtype);
    const xs = x.data;
    const ys = out.data;
    if (!options.training) {
      for (let j = 0; j < k; j++) {
        inverseStd[j] = gamma.value.data[j]! / Math.sqrt(runningVariance.data[j]! + this.epsilon);
        mean[j] = beta.value.data[j]! - inverseStd[j]! * runningMean.data[j]!;
      }
      for (let i = 0; i < x.size; i += k) for (let j = 0; j < k; j++) ys[i + j] = xs[i + j]! * inverseStd[j]! + mean[j]!;
      this.normalized = null;
      return out;
    }
    if (n < 2) throw new NntsError(`BatchNorm: training needs at least 2 values per feature to estimate a variance, got a batch ${formatShape(x.shape)}`);
    // Rows in order for each feature: the same sums as feature by feature, read in storage order.
    mean.fill(0);
    variance.fill(0);
    for (let i = 0; i < x.size; i += k) for (let j = 0; j < k; j++) mean[j] += xs[i + j]!;
    for (let j = 0; j < k; j++) mean[j] /= n;
    for (let i = 0; i < x.size; i += k) for (let j = 0; j < k; j++) variance[j] += (xs[i + j]! - mean[j]!) ** 2;
    const m = this.momentum;
    for (let j = 0; j < k; j++) {
      variance[j] /= n;
      inverseStd[j] = 1 / Math.sqrt(variance[j]! + this.epsilon);
      runningMean.data[j] = (1 - m) * runningMean.data[j]! + m * mean[j]!;
      runningVariance.data[j] = (1 - m) * runningVariance.data[j]! + m * variance[j]! * (n / (n - 1));
    }
    const normalized = this.normalizedBuffer.get(x.shape, x.dtype);
    const xHat = normalized.data;
    for (let i = 0; i < x.size; i += k) {
      for (let j = 0; j < k; j++) {
        const value = (xs[i + j]! - mean[j]!) * inverseStd[j]!;
        xHat[i + j] = value;
        ys[i + j] = gamma.value.data[j]! * value + beta.value.data[j]!;
      }
    }
    this.normalized = normalized;
    return out;
  }

  /**
   * With x̂ the normalised input and g = dL/dy·gamma per feature:
   * dx = (1/n)·invStd·(n·g - Σg - x̂·Σ(g·x̂)), dgamma = Σ dy·x̂, dbeta = Σ dy.
   */
  backward(gradOutput: Tensor): Tensor {
    assertForwardDone('BatchNorm', this.normalized);
    const normalized = this.normalized;
    assertGradientShape('BatchNorm', gradOutput, normalized);
    const { gamma, beta, inverseStd, sumDy, sumDyXHat, factor } = this.built$();
    const k = this.features;
    const n = gradOutput.size / k;
    const dy = gradOutput.data;
    const xHat = normalized.data;
    const dx = this.inputGradient.get(gradOutput.shape, gradOutput.dtype);
    sumDy.fill(0);
    sumDyXHat.fill(0);
    for (let i = 0; i < dy.length; i += k) {
      for (let j = 0; j < k; j++) {
        sumDy[j] += dy[i + j]!;
        sumDyXHat[j] += dy[i + j]! * xHat[i + j]!;
      }
    }
    for (let j = 0; j < k; j++) {
      gamma.gradient.data[j] = sumDyXHat[j]!;
      beta.gradient.data[j] = sumDy[j]!;
      factor[j] = (gamma.value.data[j]! * inverseStd[j]!) / n;
    }
    for (let i = 0; i < dy.length; i += k) {
      for (let j = 0; j < k; j++) dx.data[i + j] = factor[j]! * (n * dy[i + j]! - sumDy[j]! - xHat[i + j]! * sumDyXHat[j]!);
    }
    return dx;
  }

  parameters(): readonly Parameter[] {
    const { gamma, beta } = this.built$();
    return [gamma, beta];
  }

  override buffers(): readonly { name: string; value: Tensor }[] {
    const { runningMean, runningVariance } = this.built$();
    return [{ name: 'runningMean', value: runningMean }, { name: 'runningVariance', value: runningVariance }];
  }

  getConfig(): LayerConfig {
    return {
      kind: this.kind, ...(this.featureCount === null ? {} : { features: this.featureCount }), momentum: this.momentum, epsilon: this.epsilon,
      dtype: this.state?.gamma.value.dtype ?? this.dtypeOption ?? null,
    };
  }

  static fromConfig(config: LayerConfig): BatchNorm {
    const options: BatchNormOptions = { momentum: config.momentum as number, epsilon: config.epsilon as number, ...(config.dtype ? { dtype: config.dtype as DType } : {}) };
    return typeof config.features === 'number' ? new BatchNorm(config.features, options) : new BatchNorm(options);
  }

  private built$(): NonNullable<BatchNorm['state']> {
    this.assertBuilt();
    return this.state!;
  }
}
