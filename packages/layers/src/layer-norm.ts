import type { DType, RandomGenerator, Shape, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertBoolean, assertDType, assertFiniteNumber, assertKnownOptions, formatShape, ones, zeros, zerosLike } from '@nnts/tensor';
import { BaseLayer } from './base-layer';
import { ReusableBuffer } from './buffers';
import { assertForwardDone, assertGradientShape, assertSampleRank } from './input-checks';
import type { BuildContext, ForwardOptions, LayerConfig, Parameter } from './layer';

export interface LayerNormalizationOptions {
  /** Added to the variance before the square root; 1e-3 by default, as in Keras. */
  readonly epsilon?: number;
  /** Learn an offset beta; true by default. */
  readonly center?: boolean;
  /** Learn a scale gamma; true by default. */
  readonly scale?: boolean;
  readonly dtype?: DType;
}

/**
 * Layer normalisation (Ba et al., 2016) over the last axis of each sample, position by position:
 * y = gamma·(x - mean) / √(var + epsilon) + beta, with the mean and (biased) variance of that one
 * vector, so it needs no batch statistics and treats training and inference alike (Keras's
 * LayerNormalization with axis=-1). gamma and beta have one value per feature.
 *
 * @example
 * layerNormalization()   // after an LSTM with returnSequences, or a Dense
 */
export class LayerNormalization extends BaseLayer {
  readonly kind = 'layerNormalization';
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly dtypeOption: DType | undefined;
  private features: number | null = null;
  private gamma: Parameter | null = null;
  private beta: Parameter | null = null;
  private readonly output = new ReusableBuffer();
  private readonly normalizedBuffer = new ReusableBuffer();
  private readonly inverseStdBuffer = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();
  private last: { normalized: Tensor; inverseStd: Tensor; output: Tensor } | null = null;

  constructor(options: LayerNormalizationOptions = {}) {
    assertKnownOptions('LayerNormalization', options, ['epsilon', 'center', 'scale', 'dtype']);
    super();
    const { epsilon = 1e-3, center = true, scale = true } = options;
    assertFiniteNumber('LayerNormalization', 'epsilon', epsilon);
    if (epsilon <= 0) throw new ValueError(`LayerNormalization: epsilon must be > 0, got ${epsilon}`);
    assertBoolean('LayerNormalization', 'center', center);
    assertBoolean('LayerNormalization', 'scale', scale);
    if (options.dtype !== undefined) assertDType(options.dtype);
    this.epsilon = epsilon;
    this.center = center;
    this.scale = scale;
    this.dtypeOption = options.dtype;
  }

  outputShape(inputShape: Shape): Shape {
    assertSampleRank('LayerNormalization', inputShape, 1, '[..., features]', true);
    const features = inputShape[inputShape.length - 1]!;
    if (this.features !== null && features !== this.features) throw new ShapeError(`LayerNormalization: expects ${this.features} features, got samples ${formatShape(inputShape)}`);
    return inputShape;
  }

  protected override createWeights(inputShape: Shape, context: BuildContext): void {
    const features = inputShape[inputShape.length - 1]!;
    const dtype = this.dtypeOption ?? context.dtype ?? 'float32';
    this.features = features;
    if (this.scale) {
      const value = ones([features], { dtype });
      this.gamma = { name: 'gamma', value, gradient: zerosLike(value), l1: 0, l2: 0 };
    }
    if (this.center) {
      const value = zeros([features], { dtype });
      this.beta = { name: 'beta', value, gradient: zerosLike(value), l1: 0, l2: 0 };
    }
  }

  parameters(): readonly Parameter[] {
    this.assertBuilt();
    return [this.gamma, this.beta].filter((p): p is Parameter => p !== null);
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    if (x.rank < 2) throw new ShapeError(`LayerNormalization: expected a batch [batch, ..., features], got ${formatShape(x.shape)}`);
    this.buildFrom(x);
    const features = this.features!;
    if (x.shape[x.rank - 1] !== features) throw new ShapeError(`LayerNormalization: expected a batch [batch, ..., ${features}], got ${formatShape(x.shape)}`);
    const rows = x.size / features;
    const out = this.output.get(x.shape, x.dtype);
    const normalized = this.normalizedBuffer.get(x.shape, x.dtype);
    const inverseStd = this.inverseStdBuffer.matrix(rows, 1, 'float64');
    const gamma = this.gamma?.value.data;
    const beta = this.beta?.value.data;
    const data = x.data;
    for (let r = 0; r < rows; r++) {
      const start = r * features;
      let mean = 0;
      for (let j = 0; j < features; j++) mean += data[start + j]!;
      mean /= features;
      let variance = 0;
      for (let j = 0; j < features; j++) variance += (data[start + j]! - mean) ** 2;
      variance /= features;
      const inv = 1 / Math.sqrt(variance + this.epsilon);
      inverseStd.data[r] = inv;
      for (let j = 0; j < features; j++) {
        const xHat = (data[start + j]! - mean) * inv;
        normalized.data[start + j] = xHat;
        out.data[start + j] = (gamma ? gamma[j]! * xHat : xHat) + (beta ? beta[j]! : 0);
      }
    }
    this.last = { normalized, inverseStd, output: out };
    return out;
  }

  /** The mask passes through: each position is normalised on its own. */
  computeMask(inputMask: Tensor | null): Tensor | null {
    return inputMask;
  }

  /** dx = (1/σ)·(dx̂ - mean(dx̂) - x̂·mean(dx̂·x̂)) per vector, with dx̂ = dy·gamma; dgamma = Σ dy·x̂, dbeta = Σ dy. */
  backward(gradOutput: Tensor): Tensor {
    assertForwardDone('LayerNormalization', this.last);
    const { normalized, inverseStd, output } = this.last;
    assertGradientShape('LayerNormalization', gradOutput, output);
    const features = this.features!;
    const rows = normalized.size / features;
    const dx = this.inputGradient.get(normalized.shape, normalized.dtype);
    const gamma = this.gamma?.value.data;
    const dGamma = this.gamma?.gradient.data;
    const dBeta = this.beta?.gradient.data;
    dGamma?.fill(0);
    dBeta?.fill(0);
    const g = gradOutput.data;
    const xHat = normalized.data;
    for (let r = 0; r < rows; r++) {
      const start = r * features;
      let sum = 0;
      let sumXHat = 0;
      for (let j = 0; j < features; j++) {
        const dy = g[start + j]!;
        const dxHat = gamma ? dy * gamma[j]! : dy;
        sum += dxHat;
        sumXHat += dxHat * xHat[start + j]!;
        if (dGamma) dGamma[j] = dGamma[j]! + dy * xHat[start + j]!;
        if (dBeta) dBeta[j] = dBeta[j]! + dy;
      }
      const inv = inverseStd.data[r]!;
      for (let j = 0; j < features; j++) {
        const dxHat = gamma ? g[start + j]! * gamma[j]! : g[start + j]!;
        dx.data[start + j] = inv * (dxHat - sum / features - xHat[start + j]! * (sumXHat / features));
      }
    }
    return dx;
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, epsilon: this.epsilon, center: this.center, scale: this.scale, dtype: this.gamma?.value.dtype ?? this.beta?.value.dtype ?? this.dtypeOption ?? null };
  }

  static fromConfig(config: LayerConfig, _random?: RandomGenerator): LayerNormalization {
    return new LayerNormalization({
      ...(config.epsilon === undefined ? {} : { epsilon: config.epsilon as number }),
      ...(config.center === undefined ? {} : { center: config.center as boolean }),
      ...(config.scale === undefined ? {} : { scale: config.scale as boolean }),
      ...(config.dtype ? { dtype: config.dtype as DType } : {}),
    });
  }
}
