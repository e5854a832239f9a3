import type { Shape, Tensor } from '@nnts/tensor';
import { NntsError } from '@nnts/tensor';
import type { BuildContext, ForwardOptions, Layer, LayerConfig, Parameter } from './layer';

/**
 * What every layer shares: the build state. `build` checks the shape through `outputShape` (which
 * throws when it does not fit), creates the weights once (`createWeights`), and records the shape.
 */
export abstract class BaseLayer implements Layer {
  abstract readonly kind: string;
  private builtFor: Shape | null = null;
  private weightsCreated = false;

  get built(): boolean {
    return this.weightsCreated && this.builtFor !== null;
  }

  get inputShape(): Shape | null {
    return this.builtFor;
  }

  build(inputShape: Shape, context: BuildContext = {}): void {
    this.outputShape(inputShape);
    if (!this.weightsCreated) this.createWeights(inputShape, context);
    this.weightsCreated = true;
    this.builtFor = Object.freeze([...inputShape]);
  }

  /** For layers constructed with their input size (`new Dense(784, 300)`) whose weights wait for a generator. */
  protected declareInputShape(inputShape: Shape): void {
    this.builtFor = Object.freeze([...inputShape]);
  }

  /** Builds from the first batch when no model did: a layer can be used on its own. */
  protected buildFrom(x: Tensor): void {
    if (!this.built) this.build(x.shape.slice(1), { dtype: x.dtype });
  }

  protected assertBuilt(): void {
    if (!this.weightsCreated) throw new NntsError(`${this.kind}: not built yet: its weights are created when its input shape is known (put it in a Sequential, or call build(inputShape))`);
  }

  /** Creates the parameters for `inputShape`; layers without any need not override it. */
  protected createWeights(_inputShape: Shape, _context: BuildContext): void {}

  abstract outputShape(inputShape: Shape): Shape;
  abstract forward(x: Tensor, options?: ForwardOptions): Tensor;
  abstract backward(gradOutput: Tensor): Tensor;
  abstract parameters(): readonly Parameter[];
  abstract getConfig(): LayerConfig;

  buffers(): readonly { readonly name: string; readonly value: Tensor }[] {
    return [];
  }
}
