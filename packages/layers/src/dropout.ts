import type { Shape, Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, ValueError, assertKnownOptions, formatShape, getBackend } from '@nnts/tensor';
import { ReusableBuffer, ReusableIntegers } from './buffers';
import { assertGradientShape } from './input-checks';
import type { BuildContext, ForwardOptions, Layer, LayerConfig } from './layer';
import { ParameterFreeLayer } from './parameter-free-layer';

export interface DropoutOptions {
  /** The fraction of inputs zeroed in training, in [0, 1). */
  readonly rate: number;
  /** The seeded generator the masks are drawn from; by default one forked from the model's when it builds the layer. */
  readonly random?: RandomGenerator;
}

/** What the last training pass applied: its draws (and the kept value), or a fixed mask. */
type Applied = { readonly bits: Uint32Array; readonly keep: number; readonly shape: Shape } | { readonly mask: Tensor };

/**
 * Inverted dropout (Srivastava et al., 2014): in training each input is zeroed with probability
 * `rate` and the survivors are scaled by 1 / (1 - rate), so nothing changes at inference, where the
 * layer passes its input through untouched. Works on batches of any shape.
 *
 * Each value takes one 32-bit draw of the generator, dropped below rate·2^32 (the probability is
 * `rate` to within 2^-33). The draws are kept for the backward pass, which applies the same mask.
 *
 * @example
 * new Dropout({ rate: 0.25 }); // or dropout({ rate: 0.25 }) in a model with a seed
 */
export class Dropout extends ParameterFreeLayer implements Layer {
  readonly kind = 'dropout';
  readonly rate: number;
  private generator: RandomGenerator | null;
  private fixedMask: Tensor | null = null;
  private applied: Applied | null = null;
  private readonly draws = new ReusableIntegers((length) => new Uint32Array(length));
  private readonly output = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();

  constructor(options: DropoutOptions) {
    super();
    assertKnownOptions('Dropout', options, ['rate', 'random']);
    if (!(options.rate >= 0 && options.rate < 1)) throw new ValueError(`Dropout: rate must be in [0, 1), got ${options.rate}`);
    if (options.random !== undefined && !(options.random instanceof RandomGenerator)) throw new ValueError('Dropout: random must be a RandomGenerator');
    this.rate = options.rate;
    this.generator = options.random ?? null;
  }

  /** The generator the masks are drawn from; its state is part of a checkpoint. Null until the layer has one. */
  get random(): RandomGenerator | null {
    return this.generator;
  }

  override build(inputShape: Shape, context: BuildContext = {}): void {
    // A stream of its own, forked from the model's, so adding a layer elsewhere does not change this one's masks.
    if (this.generator === null && context.random) this.generator = context.random.fork();
    super.build(inputShape, context);
  }

  /**
   * Uses `mask` (already scaled: 0 or 1 / (1 - rate)) instead of drawing one, until called with
   * null: for gradient checks, which need the same mask in every forward pass.
   */
  useFixedMask(mask: Tensor | null): this {
    this.fixedMask = mask;
    return this;
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    if (!options.training || this.rate === 0) {
      this.applied = null;
      return x;
    }
    const out = this.output.get(x.shape, x.dtype);
    const mask = this.fixedMask;
    if (mask) {
      if (mask.size !== x.size) throw new ShapeError(`Dropout: fixed mask ${formatShape(mask.shape)} does not fit the input ${formatShape(x.shape)}`);
      this.applied = { mask };
      return multiply(x, mask, out);
    }
    const random = this.generator;
    if (random === null) throw new ValueError('Dropout: draws its masks at random: give the model a seed (new Sequential(layers, { seed: 42, ... })) or the layer a generator ({ random })');
    const bits = random.fillUint32(this.draws.get(x.size));
    // The kept value as a stored mask would hold it, so float32 batches get float32's 1 / (1 - rate).
    const keep = x.dtype === 'float32' ? Math.fround(1 / (1 - this.rate)) : 1 / (1 - this.rate);
    this.applied = { bits, keep, shape: x.shape };
    return applyDraws(bits, this.threshold(), keep, x, out);
  }

  backward(gradOutput: Tensor): Tensor {
    const applied = this.applied;
    if (applied === null) return gradOutput; // inference mode, or rate 0: the identity
    const dx = this.inputGradient.get(gradOutput.shape, gradOutput.dtype);
    if ('mask' in applied) {
      assertGradientShape('Dropout', gradOutput, applied.mask);
      return multiply(gradOutput, applied.mask, dx);
    }
    if (gradOutput.rank !== applied.shape.length || gradOutput.shape.some((d, i) => d !== applied.shape[i])) {
      throw new ShapeError(`Dropout.backward: gradOutput ${formatShape(gradOutput.shape)} does not match the output ${formatShape(applied.shape)}`);
    }
    return applyDraws(applied.bits, this.threshold(), applied.keep, gradOutput, dx);
  }

  /** The mask passes through: each step is transformed on its own. */
  computeMask(inputMask: Tensor | null): Tensor | null {
    return inputMask;
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, rate: this.rate };
  }

  /** Draws below this are dropped. */
  private threshold(): number {
    return Math.round(this.rate * 4294967296);
  }
}

/** out = x · (bits < threshold ? 0 : keep): the mask the draws stand for, applied without storing it. */
function applyDraws(bits: Uint32Array, threshold: number, keep: number, x: Tensor, out: Tensor): Tensor {
  const backend = getBackend();
  if (backend.dropout) {
    backend.dropout(bits, threshold, keep, x.data, out.data);
    return out;
  }
  const xs = x.data;
  const ys = out.data;
  for (let i = 0; i < ys.length; i++) ys[i] = xs[i]! * (bits[i]! < threshold ? 0 : keep);
  return out;
}

/** out = a · b elementwise (one shape), read through locals: the loop runs once per value of a batch. */
function multiply(a: Tensor, b: Tensor, out: Tensor): Tensor {
  const x = a.data;
  const y = b.data;
  const z = out.data;
  for (let i = 0; i < z.length; i++) z[i] = x[i]! * y[i]!;
  return out;
}
