import type { Shape, Tensor } from '@nnts/tensor';
import { RandomGenerator, ShapeError, ValueError, assertKnownOptions, formatShape } from '@nnts/tensor';
import { ReusableBuffer } from './buffers';
import { assertGradientShape } from './input-checks';
import type { BuildContext, ForwardOptions, Layer, LayerConfig } from './layer';
import { ParameterFreeLayer } from './parameter-free-layer';

export interface DropoutOptions {
  /** The fraction of inputs zeroed in training, in [0, 1). */
  readonly rate: number;
  /** The seeded generator the masks are drawn from; by default one forked from the model's when it builds the layer. */
  readonly random?: RandomGenerator;
}

/**
 * Inverted dropout (Srivastava et al., 2014): in training each input is zeroed with probability
 * `rate` and the survivors are scaled by 1 / (1 - rate), so nothing changes at inference, where the
 * layer passes its input through untouched. Works on batches of any shape.
 *
 * @example
 * new Dropout({ rate: 0.25 }); // or dropout({ rate: 0.25 }) in a model with a seed
 */
export class Dropout extends ParameterFreeLayer implements Layer {
  readonly kind = 'dropout';
  readonly rate: number;
  private generator: RandomGenerator | null;
  private fixedMask: Tensor | null = null;
  private mask: Tensor | null = null;
  private readonly maskBuffer = new ReusableBuffer();
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
      this.mask = null;
      return x;
    }
    let mask = this.fixedMask;
    if (mask) {
      if (mask.size !== x.size) throw new ShapeError(`Dropout: fixed mask ${formatShape(mask.shape)} does not fit the input ${formatShape(x.shape)}`);
    } else {
      const random = this.generator;
      if (random === null) throw new ValueError('Dropout: draws its masks at random: give the model a seed (new Sequential(layers, { seed: 42, ... })) or the layer a generator ({ random })');
      mask = this.maskBuffer.get(x.shape, x.dtype);
      const keep = 1 / (1 - this.rate);
      // One 32-bit draw per value, dropped below rate·2^32: the probability is `rate` to within 2^-33,
      // at half the cost of a 53-bit nextFloat (a convolutional network drops out 600,000 values a batch).
      const threshold = Math.round(this.rate * 4294967296);
      const m = mask.data;
      for (let i = 0; i < m.length; i++) m[i] = random.nextUint32() < threshold ? 0 : keep;
    }
    this.mask = mask;
    return mulInto(x, mask, this.output.get(x.shape, x.dtype));
  }

  backward(gradOutput: Tensor): Tensor {
    if (this.mask === null) return gradOutput; // inference mode, or rate 0: the identity
    assertGradientShape('Dropout', gradOutput, this.mask);
    return mulInto(gradOutput, this.mask, this.inputGradient.get(gradOutput.shape, gradOutput.dtype));
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, rate: this.rate };
  }
}

/** out = a · b elementwise (one shape), read through locals: the loop runs once per value of a batch. */
function mulInto(a: Tensor, b: Tensor, out: Tensor): Tensor {
  const x = a.data;
  const y = b.data;
  const z = out.data;
  for (let i = 0; i < z.length; i++) z[i] = x[i]! * y[i]!;
  return out;
}
