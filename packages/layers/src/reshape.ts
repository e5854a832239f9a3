import type { Shape, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertKnownOptions, formatShape, reshape } from '@nnts/tensor';
import type { ForwardOptions, LayerConfig } from './layer';
import { ParameterFreeLayer } from './parameter-free-layer';

/**
 * Gives each sample a new shape with as many elements (Keras's Reshape); one axis may be -1 and is
 * inferred. Costs no copy: the output shares the input's storage, and the gradient the output
 * gradient's.
 *
 * @example
 * new Reshape({ targetShape: [28, 28, 1] }); // [batch, 784] -> [batch, 28, 28, 1]
 */
export class Reshape extends ParameterFreeLayer {
  readonly kind: string = 'reshape';
  readonly targetShape: readonly number[];
  private inputBatchShape: Shape | null = null;
  // The last input and its view, so a training loop that feeds the same buffer gets the same view.
  private lastInput: Tensor | null = null;
  private lastOutput: Tensor | null = null;
  private lastGradient: Tensor | null = null;
  private lastGradientShape: Shape | null = null;
  private lastInputGradient: Tensor | null = null;

  constructor(options: { readonly targetShape: readonly number[] }) {
    super();
    assertKnownOptions('Reshape', options, ['targetShape']);
    const { targetShape } = options;
    if (!Array.isArray(targetShape) || targetShape.some((d) => !Number.isInteger(d) || (d < 1 && d !== -1)) || targetShape.filter((d) => d === -1).length > 1) {
      throw new ValueError(`Reshape: targetShape must be positive integers with at most one -1, got ${Array.isArray(targetShape) ? formatShape(targetShape) : String(targetShape)}`);
    }
    this.targetShape = Object.freeze([...targetShape]);
  }

  override outputShape(inputShape: Shape): Shape {
    const size = inputShape.reduce((p, d) => p * d, 1);
    const known = this.targetShape.reduce((p, d) => (d === -1 ? p : p * d), 1);
    const inferred = this.targetShape.includes(-1);
    if (inferred ? size % known !== 0 : size !== known) {
      throw new ShapeError(`${this.kind}: cannot reshape samples ${formatShape(inputShape)} (${size} values) into ${formatShape(this.targetShape)}`);
    }
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    if (x !== this.lastInput) {
      if (x.rank === 0) throw new ShapeError(`${this.kind}: expected a batch, got a scalar`);
      this.lastOutput = reshape(x, [x.shape[0]!, ...this.outputShape(x.shape.slice(1))]);
      this.lastInput = x;
    }
    this.inputBatchShape = x.shape;
    return this.lastOutput!;
  }

  backward(gradOutput: Tensor): Tensor {
    if (this.inputBatchShape === null) throw new ShapeError(`${this.kind}.backward: call forward first`);
    if (gradOutput !== this.lastGradient || this.lastGradientShape !== this.inputBatchShape) {
      if (gradOutput.size !== this.inputBatchShape.reduce((p, d) => p * d, 1)) {
        throw new ShapeError(`${this.kind}.backward: gradOutput ${formatShape(gradOutput.shape)} does not match the output of input ${formatShape(this.inputBatchShape)}`);
      }
      this.lastInputGradient = reshape(gradOutput, this.inputBatchShape);
      this.lastGradient = gradOutput;
      this.lastGradientShape = this.inputBatchShape;
    }
    return this.lastInputGradient!;
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, targetShape: [...this.targetShape] };
  }
}

/**
 * Flattens each sample to a vector (Keras's Flatten): [batch, 5, 5, 16] -> [batch, 400], in
 * row-major (channels-last) order, so a Dense after it maps one to one to Keras's.
 */
export class Flatten extends Reshape {
  override readonly kind: string = 'flatten';

  constructor(options: Record<string, never> = {}) {
    assertKnownOptions('Flatten', options, []);
    super({ targetShape: [-1] });
  }

  override getConfig(): LayerConfig {
    return { kind: this.kind };
  }
}
