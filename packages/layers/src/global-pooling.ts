import type { Shape, Tensor } from '@nnts/tensor';
import { ShapeError, assertKnownOptions, formatShape } from '@nnts/tensor';
import { ReusableBuffer } from './buffers';
import { assertBatchRank, assertForwardDone, assertGradientShape, assertSampleRank } from './input-checks';
import type { ForwardOptions, LayerConfig } from './layer';
import { ParameterFreeLayer } from './parameter-free-layer';

type Reduction = 'max' | 'average';

/**
 * The global pooling layers' one core: each channel of a channels-last sample reduced over all its
 * positions ([steps, channels] or [height, width, channels] -> [channels]), by its maximum or mean.
 * The usual way to end a convolutional network without a large Flatten + Dense. Over steps, a mask
 * ([batch, steps], from an Embedding with maskZero) leaves the padded steps out of the mean or
 * maximum (a sample with no real step gives zeros).
 */
export abstract class GlobalPooling extends ParameterFreeLayer {
  readonly rank: 1 | 2;
  readonly reduction: Reduction;
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private mask: Tensor | null = null;
  private readonly outputBuffer = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();
  /** For max: the position (within its sample) of each output's maximum. */
  private winners = new Int32Array(0);

  protected constructor(owner: string, rank: 1 | 2, reduction: Reduction, options: object) {
    super();
    assertKnownOptions(owner, options, []);
    this.rank = rank;
    this.reduction = reduction;
  }

  override outputShape(inputShape: Shape): Shape {
    assertSampleRank(this.kind, inputShape, this.rank + 1, this.rank === 2 ? '[height, width, channels]' : '[steps, channels]');
    return [inputShape[this.rank]!];
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    assertBatchRank(this.kind, x, this.rank + 1, this.rank === 2 ? '[batch, height, width, channels]' : '[batch, steps, channels]');
    const batch = x.shape[0]!;
    const channels = x.shape[x.rank - 1]!;
    const positions = batch === 0 ? 0 : x.size / batch / channels;
    const mask = this.rank === 1 && options.mask ? options.mask : null;
    if (mask && (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== positions)) {
      throw new ShapeError(`${this.kind}: mask must be [batch, steps] = [${batch}, ${positions}], got ${formatShape(mask.shape)}`);
    }
    const kept = (b: number, p: number): boolean => mask === null || mask.data[b * positions + p] !== 0;
    const out = this.outputBuffer.matrix(batch, channels, x.dtype);
    if (this.reduction === 'max' && this.winners.length < out.size) this.winners = new Int32Array(out.size);
    const data = x.data;
    for (let b = 0; b < batch; b++) {
      for (let c = 0; c < channels; c++) {
        const first = b * positions * channels + c;
        if (this.reduction === 'average') {
          let sum = 0;
          let count = 0;
          for (let p = 0; p < positions; p++) {
            if (!kept(b, p)) continue;
            sum += data[first + p * channels]!;
            count++;
          }
          out.data[b * channels + c] = count === 0 ? 0 : sum / count;
        } else {
          let best = -1;
          for (let p = 0; p < positions; p++) if (kept(b, p) && (best < 0 || data[first + p * channels]! > data[first + best * channels]!)) best = p;
          out.data[b * channels + c] = best < 0 ? 0 : data[first + best * channels]!;
          this.winners[b * channels + c] = best;
        }
      }
    }
    this.input = x;
    this.output = out;
    this.mask = mask;
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    assertForwardDone(this.kind, this.input);
    assertGradientShape(this.kind, gradOutput, this.output!);
    const x = this.input;
    const dx = this.inputGradient.get(x.shape, x.dtype);
    const [batch, channels] = gradOutput.shape as [number, number];
    const positions = batch === 0 ? 0 : x.size / batch / channels;
    const dy = gradOutput.data;
    const mask = this.mask;
    if (this.reduction === 'average') {
      for (let b = 0; b < batch; b++) {
        let count = positions;
        if (mask) {
          count = 0;
          for (let p = 0; p < positions; p++) if (mask.data[b * positions + p] !== 0) count++;
        }
        for (let p = 0; p < positions; p++) {
          const kept = mask === null || mask.data[b * positions + p] !== 0;
          for (let c = 0; c < channels; c++) dx.data[(b * positions + p) * channels + c] = kept ? dy[b * channels + c]! / count : 0;
        }
      }
    } else {
      dx.data.fill(0);
      for (let o = 0; o < batch * channels; o++) {
        const b = Math.floor(o / channels);
        const c = o - b * channels;
        if (this.winners[o]! >= 0) dx.data[(b * positions + this.winners[o]!) * channels + c] = dy[o]!;
      }
    }
    return dx;
  }

  getConfig(): LayerConfig {
    return { kind: this.kind };
  }
}

/** The mean of each channel over height and width: [batch, height, width, channels] -> [batch, channels] (Keras's GlobalAveragePooling2D). */
export class GlobalAveragePooling2D extends GlobalPooling {
  readonly kind = 'globalAveragePooling2d';

  constructor(options: Record<string, never> = {}) {
    super('GlobalAveragePooling2D', 2, 'average', options);
  }
}

/** The maximum of each channel over height and width (Keras's GlobalMaxPooling2D). */
export class GlobalMaxPooling2D extends GlobalPooling {
  readonly kind = 'globalMaxPooling2d';

  constructor(options: Record<string, never> = {}) {
    super('GlobalMaxPooling2D', 2, 'max', options);
  }
}

/** The mean of each channel over the steps: [batch, steps, channels] -> [batch, channels] (Keras's GlobalAveragePooling1D). */
export class GlobalAveragePooling1D extends GlobalPooling {
  readonly kind = 'globalAveragePooling1d';

  constructor(options: Record<string, never> = {}) {
    super('GlobalAveragePooling1D', 1, 'average', options);
  }
}

/** The maximum of each channel over the steps (Keras's GlobalMaxPooling1D). */
export class GlobalMaxPooling1D extends GlobalPooling {
  readonly kind = 'globalMaxPooling1d';

  constructor(options: Record<string, never> = {}) {
    super('GlobalMaxPooling1D', 1, 'max', options);
  }
}
