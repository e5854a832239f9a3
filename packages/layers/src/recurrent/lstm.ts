import type { FloatArray, RandomGenerator, Tensor } from '@nnts/tensor';
import { assertBoolean, assertKnownOptions, getBackend } from '@nnts/tensor';
import type { LayerConfig } from '../layer';
import { lstmCell, lstmCellBackward } from './cells';
import type { RecurrentOptions, StepContext } from './recurrent';
import { RECURRENT_OPTIONS, Recurrent, StepArrayLazy, recurrentOptionsFromConfig } from './recurrent';
import type { Steps } from './step-arrays';

export interface LSTMOptions extends RecurrentOptions {
  /** Start the forget gate's bias at 1, so the cell remembers by default (Jozefowicz et al., 2015); true by default, as in Keras. */
  readonly unitForgetBias?: boolean;
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber, 1997) on [batch, time, features], with Keras's
 * gate order and weights: kernel W [features, 4·units] and recurrent kernel U [units, 4·units] hold
 * the input (i), forget (f), cell (c) and output (o) gates side by side, bias [4·units]:
 *
 *   i, f, o = σ(x·W + h·U + b)   g = tanh(x·W_c + h·U_c + b_c)   c' = f·c + i·g   h' = o·tanh(c')
 *
 * @example
 * new Sequential([lstm({ units: 128 }), dense({ units: 60, activation: 'softmax' })], { inputShape: [40, 60], loss, seed: 1 });
 */
export class LSTM extends Recurrent {
  readonly kind = 'lstm';
  protected readonly gateCount = 4;
  readonly unitForgetBias: boolean;
  private readonly cellArray = new StepArrayLazy();
  private readonly gateArray = new StepArrayLazy();
  private readonly tanhArray = new StepArrayLazy();
  private readonly productArray = new StepArrayLazy();
  private readonly cellGradientArray = new StepArrayLazy();
  private c: Steps | null = null;
  private gates: Steps | null = null;
  private tanhC: Steps | null = null;
  private hu: FloatArray | null = null;
  private dc: FloatArray | null = null;

  constructor(options: LSTMOptions) {
    assertKnownOptions('LSTM', options, [...RECURRENT_OPTIONS, 'unitForgetBias']);
    super('LSTM', options);
    const { unitForgetBias = true } = options;
    assertBoolean('LSTM', 'unitForgetBias', unitForgetBias);
    this.unitForgetBias = unitForgetBias;
  }

  override get stateCount(): number {
    return 2;
  }

  protected override initialBias(bias: Tensor): Tensor {
    if (this.unitForgetBias) bias.data.fill(1, this.units, 2 * this.units);
    return bias;
  }

  protected override startStates(context: StepContext, initial: readonly Tensor[] | null): void {
    super.startStates(context, initial);
    const { batch, steps } = context;
    const dtype = this.weights.value.dtype;
    const units = this.units;
    this.c = this.cellArray.get(units).get(steps + 1, batch, dtype);
    this.gates = this.gateArray.get(4 * units).get(steps, batch, dtype);
    this.tanhC = this.tanhArray.get(units).get(steps, batch, dtype);
    this.hu = this.productArray.get(4 * units).get(1, batch, dtype).at[0]!;
    if (initial) this.c.at[0]!.set(initial[1]!.data);
    else this.c.at[0]!.fill(0);
  }

  protected step(context: StepContext, s: number): void {
    const { batch, xw, h } = context;
    const units = this.units;
    getBackend().matmul(h.at[s]!, this.recurrentWeights.value.data, this.hu!, batch, units, 4 * units, false, false, null);
    lstmCell(xw.at[s]!, this.hu!, this.c!.at[s]!, this.gates!.at[s]!, this.c!.at[s + 1]!, this.tanhC!.at[s]!, h.at[s + 1]!, batch, units);
  }

  protected override carriedStates(context: StepContext): Steps[] {
    return [context.h, this.c!];
  }

  protected override startBackward(context: StepContext, stateGradients: readonly Tensor[] | null): void {
    this.dc = this.cellGradientArray.get(this.units).get(1, context.batch, this.weights.value.dtype).at[0]!;
    this.copyStateGradient(stateGradients, 1, this.dc, context.batch);
  }

  protected stepBackward(context: StepContext, s: number, dh: FloatArray, dhPrevious: FloatArray, dz: Steps): void {
    const { batch } = context;
    const units = this.units;
    lstmCellBackward(this.gates!.at[s]!, this.c!.at[s]!, this.tanhC!.at[s]!, dh, this.dc!, dz.at[s]!, batch, units);
    getBackend().matmul(dz.at[s]!, this.recurrentWeights.value.data, dhPrevious, batch, 4 * units, units, false, true, null);
  }

  protected override carriedGradients(): FloatArray[] {
    return [this.dc!];
  }

  getConfig(): LayerConfig {
    return { kind: this.kind, ...this.recurrentConfig(), unitForgetBias: this.unitForgetBias };
  }

  static fromConfig(config: LayerConfig, random?: RandomGenerator): LSTM {
    return new LSTM({ ...recurrentOptionsFromConfig(config, random), ...(config.unitForgetBias === undefined ? {} : { unitForgetBias: config.unitForgetBias as boolean }) });
  }
}
