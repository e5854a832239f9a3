import type { FloatArray, RandomGenerator, Shape, Tensor } from '@nnts/tensor';
import { ValueError, assertKnownOptions, getBackend } from '@nnts/tensor';
import type { LayerConfig } from '../layer';
import { gruCell, gruCellBackward } from './cells';
import type { RecurrentOptions, StepContext } from './recurrent';
import { RECURRENT_OPTIONS, Recurrent, StepArrayLazy, recurrentOptionsFromConfig } from './recurrent';
import type { Steps } from './step-arrays';

export interface GRUOptions extends RecurrentOptions {
  /**
   * Apply the reset gate after the recurrent product, with a recurrent bias of its own (Keras's
   * default and cuDNN's form); the original form (reset before the product) is not implemented, so
   * only true is accepted.
   */
  readonly resetAfter?: boolean;
}

/**
 * Gated recurrent unit (Cho et al., 2014) on [batch, time, features], in Keras's default form
 * (reset_after) with its gate order update (z), reset (r), candidate (h): kernel W [features, 3·units],
 * recurrent kernel U [units, 3·units], bias [2, 3·units] (row 0 for the input product, row 1 for the
 * recurrent one):
 *
 *   z, r = σ(x·W + b₀ + h·U + b₁)   n = tanh(x·W_h + b₀h + r·(h·U_h + b₁h))   h' = z·h + (1 - z)·n
 *
 * @example
 * bidirectional({ layer: gru({ units: 32 }) })
 */
export class GRU extends Recurrent {
  readonly kind = 'gru';
  protected readonly gateCount = 3;
  readonly resetAfter = true;
  private readonly gateArray = new StepArrayLazy();
  private readonly productArray = new StepArrayLazy();
  private readonly productGradientArray = new StepArrayLazy();
  private readonly scratchArray = new StepArrayLazy();
  private gates: Steps | null = null;
  private hu: Steps | null = null;
  private dhu: Steps | null = null;
  private scratch: FloatArray | null = null;
  private biasHalves: { data: FloatArray; input: FloatArray; recurrent: FloatArray } | null = null;

  constructor(options: GRUOptions) {
    assertKnownOptions('GRU', options, [...RECURRENT_OPTIONS, 'resetAfter']);
    super('GRU', options);
    if (options.resetAfter !== undefined && options.resetAfter !== true) {
      throw new ValueError(`GRU: resetAfter must be true (Keras's default form, reset applied after the recurrent product); got ${String(options.resetAfter)}`);
    }
  }

  protected override biasShape(): Shape {
    return [2, 3 * this.units];
  }

  protected override inputBias(): FloatArray | null {
    return this.halves(this.biasParameter?.value.data ?? null)?.input ?? null;
  }

  private recurrentBias(): FloatArray | null {
    return this.halves(this.biasParameter?.value.data ?? null)?.recurrent ?? null;
  }

  /** The two rows of a [2, 3·units] bias (or its gradient) as views, made once. */
  private halves(data: FloatArray | null): { input: FloatArray; recurrent: FloatArray } | null {
    if (data === null) return null;
    if (this.biasHalves?.data !== data) {
      const width = 3 * this.units;
      this.biasHalves = { data, input: data.subarray(0, width), recurrent: data.subarray(width) };
    }
    return this.biasHalves;
  }

  protected override startStates(context: StepContext, initial: readonly Tensor[] | null): void {
    super.startStates(context, initial);
    const { batch, steps } = context;
    const dtype = this.weights.value.dtype;
    this.gates = this.gateArray.get(3 * this.units).get(steps, batch, dtype);
    this.hu = this.productArray.get(3 * this.units).get(steps, batch, dtype);
  }

  protected step(context: StepContext, s: number): void {
    const { batch, xw, h } = context;
    const units = this.units;
    getBackend().matmul(h.at[s]!, this.recurrentWeights.value.data, this.hu!.at[s]!, batch, units, 3 * units, false, false, this.recurrentBias());
    gruCell(xw.at[s]!, this.hu!.at[s]!, h.at[s]!, this.gates!.at[s]!, h.at[s + 1]!, batch, units);
  }

  protected override startBackward(context: StepContext): void {
    const dtype = this.weights.value.dtype;
    this.dhu = this.productGradientArray.get(3 * this.units).get(context.steps, context.batch, dtype);
    this.scratch = this.scratchArray.get(this.units).get(1, context.batch, dtype).at[0]!;
  }

  protected stepBackward(context: StepContext, s: number, dh: FloatArray, dhPrevious: FloatArray, dz: Steps): void {
    const { batch, h } = context;
    const units = this.units;
    const backend = getBackend();
    gruCellBackward(this.gates!.at[s]!, this.hu!.at[s]!, h.at[s]!, dh, dz.at[s]!, this.dhu!.at[s]!, dhPrevious, batch, units);
    backend.matmul(this.dhu!.at[s]!, this.recurrentWeights.value.data, this.scratch!, batch, 3 * units, units, false, true, null);
    backend.addScaled(dhPrevious, this.scratch!, 1);
  }

  protected override stepGradients(s: number, dz: Steps): FloatArray[] {
    return [dz.at[s]!, this.dhu!.at[s]!];
  }

  /** dW from the input products' gradients, dU from the recurrent ones', and the two bias rows from each. */
  protected override parameterGradients(context: StepContext, dz: Steps): void {
    const { batch, steps, xs, h } = context;
    const backend = getBackend();
    const width = 3 * this.units;
    const rows = steps * batch;
    backend.matmul(xs.all, dz.all, this.weights.gradient.data, xs.all.length / rows, rows, width, true, false, null);
    backend.matmul(h.all.subarray(0, rows * this.units), this.dhu!.all, this.recurrentWeights.gradient.data, this.units, rows, width, true, false, null);
    const bias = this.biasParameter;
    if (bias) {
      backend.reduce('sum', dz.all, bias.gradient.data.subarray(0, width), 1, rows, width);
      backend.reduce('sum', this.dhu!.all, bias.gradient.data.subarray(width), 1, rows, width);
    }
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, ...this.recurrentConfig(), resetAfter: true };
  }

  static fromConfig(config: LayerConfig, random?: RandomGenerator): GRU {
    return new GRU(recurrentOptionsFromConfig(config, random));
  }
}
