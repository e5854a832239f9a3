import type { DType, Tensor } from '@nnts/tensor';
import { NntsError, ValueError, assertFiniteNumber, assertKnownOptions, full, zeros, zerosLike } from '@nnts/tensor';
import { ReusableBuffer } from './buffers';
import { assertBatch, assertForwardDone, assertGradientShape } from './check-input';
import type { ForwardOptions, Layer, LayerConfig, Parameter } from './layer';

export interface BatchNormOptions {
  /** Weight of the newest batch in the running statistics; 0.1 by default, as in PyTorch. */
  readonly momentum?: number;
  /** Added to the variance before the square root; 1e-5 by default, as in PyTorch. */
  readonly epsilon?: number;
  readonly dtype?: DType;
}

/**
 * Batch normalisation (Ioffe and Szegedy, 2015) of each feature of a batch [samples, features]:
 * y = gamma·(x - mean) / √(var + epsilon) + beta, with the batch's mean and (biased) variance in
 * training, and running averages of them at inference. The running variance uses the unbiased batch
 * variance and `momentum` weighs the newest batch, as PyTorch's BatchNorm1d does.
 */
export class BatchNorm implements Layer {
  readonly kind = 'batchNorm';
  readonly features: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly gamma: Parameter;
  readonly beta: Parameter;
  readonly runningMean: Tensor;
  readonly runningVariance: Tensor;
  private normalized: Tensor | null = null;
  private inverseStd: Float64Array;
  private readonly output = new ReusableBuffer();
  private readonly normalizedBuffer = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();

  constructor(features: number, options: BatchNormOptions = {}) {
    assertKnownOptions('BatchNorm', options, ['momentum', 'epsilon', 'dtype']);
    if (!Number.isInteger(features) || features < 1) throw new ValueError(`BatchNorm: features must be an integer >= 1, got ${features}`);
    const { momentum = 0.1, epsilon = 1e-5, dtype = 'float32' } = options;
    assertFiniteNumber('BatchNorm', 'momentum', momentum);
    assertFiniteNumber('BatchNorm', 'epsilon', epsilon);
    if (momentum < 0 || momentum > 1) throw new ValueError(`BatchNorm: momentum must be in [0, 1], got ${momentum}`);
    if (epsilon <= 0) throw new ValueError(`BatchNorm: epsilon must be > 0, got ${epsilon}`);
    this.features = features;
    this.momentum = momentum;
    this.epsilon = epsilon;
    const gamma = full([features], 1, { dtype });
    const beta = zeros([features], { dtype });
    this.gamma = { name: 'gamma', value: gamma, gradient: zerosLike(gamma), l1: 0, l2: 0 };
    this.beta = { name: 'beta', value: beta, gradient: zerosLike(beta), l1: 0, l2: 0 };
    this.runningMean = zeros([features], { dtype });
    this.runningVariance = full([features], 1, { dtype });
    this.inverseStd = new Float64Array(features);
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    assertBatch('BatchNorm', x, this.features);
    const n = x.shape[0]!;
    const k = this.features;
    const out = this.output.get(x.shape, x.dtype);
    const gamma = this.gamma.value.data;
    const beta = this.beta.value.data;
    if (!options.training) {
      for (let j = 0; j < k; j++) {
        const scale = gamma[j]! / Math.sqrt(this.runningVariance.data[j]! + this.epsilon);
        const shift = beta[j]! - scale * this.runningMean.data[j]!;
        for (let i = 0; i < n; i++) out.data[i * k + j] = x.data[i * k + j]! * scale + shift;
      }
      this.normalized = null;
      return out;
    }
    if (n < 2) throw new NntsError('BatchNorm: training needs batches of at least 2 samples to estimate a variance');
    const normalized = this.normalizedBuffer.get(x.shape, x.dtype);
    for (let j = 0; j < k; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += x.data[i * k + j]!;
      mean /= n;
      let variance = 0;
      for (let i = 0; i < n; i++) variance += (x.data[i * k + j]! - mean) ** 2;
      variance /= n;
      const inverseStd = 1 / Math.sqrt(variance + this.epsilon);
      this.inverseStd[j] = inverseStd;
      for (let i = 0; i < n; i++) {
        const xHat = (x.data[i * k + j]! - mean) * inverseStd;
        normalized.data[i * k + j] = xHat;
        out.data[i * k + j] = gamma[j]! * xHat + beta[j]!;
      }
      const m = this.momentum;
      this.runningMean.data[j] = (1 - m) * this.runningMean.data[j]! + m * mean;
      this.runningVariance.data[j] = (1 - m) * this.runningVariance.data[j]! + m * variance * (n / (n - 1));
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
    const n = gradOutput.shape[0]!;
    const k = this.features;
    const dy = gradOutput.data;
    const xHat = normalized.data;
    const dx = this.inputGradient.get(gradOutput.shape, gradOutput.dtype);
    for (let j = 0; j < k; j++) {
      let sumDy = 0;
      let sumDyXHat = 0;
      for (let i = 0; i < n; i++) {
        sumDy += dy[i * k + j]!;
        sumDyXHat += dy[i * k + j]! * xHat[i * k + j]!;
      }
      this.gamma.gradient.data[j] = sumDyXHat;
      this.beta.gradient.data[j] = sumDy;
      const factor = (this.gamma.value.data[j]! * this.inverseStd[j]!) / n;
      for (let i = 0; i < n; i++) dx.data[i * k + j] = factor * (n * dy[i * k + j]! - sumDy - xHat[i * k + j]! * sumDyXHat);
    }
    return dx;
  }

  parameters(): readonly Parameter[] {
    return [this.gamma, this.beta];
  }

  buffers(): readonly { name: string; value: Tensor }[] {
    return [{ name: 'runningMean', value: this.runningMean }, { name: 'runningVariance', value: this.runningVariance }];
  }

  outputFeatures(inputFeatures: number): number {
    if (inputFeatures !== this.features) throw new ValueError(`BatchNorm: normalises ${this.features} features, the layer before gives ${inputFeatures}`);
    return inputFeatures;
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, features: this.features, momentum: this.momentum, epsilon: this.epsilon, dtype: this.gamma.value.dtype };
  }
}
