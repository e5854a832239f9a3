import type { DType, FloatArray, RandomGenerator, Shape, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertBoolean, formatShape, getBackend, zerosLike } from '@nnts/tensor';
import { BaseLayer } from '../base-layer';
import { ReusableBuffer, ReusableIntegers } from '../buffers';
import type { Initializer } from '../initializers';
import { initializerFromConfig, orthogonal, zeros as zerosInitializer } from '../initializers';
import { glorotUniform } from '../variance-scaling';
import type { InitializerConfig } from '../initializers';
import { assertForwardDone, assertSampleRank } from '../input-checks';
import type { BuildContext, ForwardOptions, LayerConfig, Parameter } from '../layer';
import { swapLeadingAxes } from './cells';
import type { Steps } from './step-arrays';
import { StepArray } from './step-arrays';
import { assertWeightOptions, drawingGenerator } from '../weight-options';

/** The options SimpleRNN, LSTM and GRU share (Keras's names and defaults). */
export interface RecurrentOptions {
  /** The size of the state and of each step's output. */
  readonly units: number;
  /** Output every step, [batch, time, units], instead of the last, [batch, units]; false by default. */
  readonly returnSequences?: boolean;
  /** Keep the final states for `states` (and take their gradients in `backward`); false by default. */
  readonly returnState?: boolean;
  /** Read the sequence from its last step to its first; the output sequence is in that order (as Keras). */
  readonly goBackwards?: boolean;
  /** Output zeros at padded steps instead of repeating the last real step's output; false by default. */
  readonly zeroOutputForMask?: boolean;
  readonly useBias?: boolean;
  /** Draws the input kernel; glorotUniform() by default, as in Keras. */
  readonly kernelInitializer?: Initializer;
  /** Draws the recurrent kernel; orthogonal by default. */
  readonly recurrentInitializer?: Initializer;
  /** Draws the bias; zeros by default (LSTM then sets its forget gate's to 1, see unitForgetBias). */
  readonly biasInitializer?: Initializer;
  readonly random?: RandomGenerator;
  readonly dtype?: DType;
  /** L1 and L2 penalties on both kernels (not the bias); 0 by default. */
  readonly l1?: number;
  readonly l2?: number;
}

export const RECURRENT_OPTIONS = [
  'units', 'returnSequences', 'returnState', 'goBackwards', 'zeroOutputForMask', 'useBias',
  'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'random', 'dtype', 'l1', 'l2',
];

export interface RecurrentForwardOptions extends ForwardOptions {
  /** The states to start from ([batch, units] each: h, and c for an LSTM); zeros by default. */
  readonly initialState?: readonly Tensor[];
}

/** One batch's step arrays, all time-major and in processing order (reversed with goBackwards). */
export interface StepContext {
  readonly batch: number;
  readonly steps: number;
  /** The input, [steps, batch, features]. */
  readonly xs: Steps;
  /** The input products with the input bias, [steps, batch, gates·units]. */
  readonly xw: Steps;
  /** The output states, [steps + 1, batch, units]; at[0] is the initial state. */
  readonly h: Steps;
}

/**
 * What SimpleRNN, LSTM and GRU share: the loop over time. Each batch [batch, time, features] is turned
 * time-major once, so that the input products of every step are one GEMM up front (xw = x·W + b) and
 * each step's recurrent product h·U is one GEMM over the batch; the cell (a subclass) then combines
 * them. Backpropagation through time runs the steps in reverse, collects every step's gate gradients,
 * and gets dW, dU and dx each from one GEMM at the end. Padded steps (a mask) carry the state through
 * unchanged, forward and backward.
 */
export abstract class Recurrent extends BaseLayer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly zeroOutputForMask: boolean;
  readonly useBias: boolean;
  /** Gate blocks of `units` columns in the products: 1 (SimpleRNN), 3 (GRU) or 4 (LSTM). */
  protected abstract readonly gateCount: number;
  protected readonly kernelInitializer: Initializer;
  protected readonly recurrentInitializer: Initializer;
  protected readonly biasInitializer: Initializer;
  /** The generator the layer was given for its initial weights, if any (else the model's draws them). */
  readonly random: RandomGenerator | undefined;
  private readonly dtypeOption: DType | undefined;
  private readonly l1: number;
  private readonly l2: number;
  private features: number | null = null;
  protected kernel: Parameter | null = null;
  protected recurrentKernel: Parameter | null = null;
  protected biasParameter: Parameter | null = null;

  private readonly inputSteps = new StepArrayLazy();
  private readonly productSteps = new StepArrayLazy();
  private readonly stateSteps = new StepArrayLazy();
  private readonly gradientSteps = new StepArrayLazy();
  private readonly outputGradientSteps = new StepArrayLazy();
  private readonly inputGradientSteps = new StepArrayLazy();
  private readonly stateGradient = new StepArrayLazy();
  private readonly stateGradientPrevious = new StepArrayLazy();
  private readonly savedRows = new StepArrayLazy();
  private readonly maskSteps = new ReusableIntegers((n) => new Uint8Array(n));
  private readonly output = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();
  private readonly finalStateBuffers = [new ReusableBuffer(), new ReusableBuffer()];
  private readonly initialGradientBuffers = [new ReusableBuffer(), new ReusableBuffer()];
  private finalStates: Tensor[] = [];
  private last: { x: Tensor; context: StepContext; mask: Uint8Array | null; output: Tensor } | null = null;
  private initialGradients: Tensor[] = [];

  protected constructor(owner: string, options: RecurrentOptions, defaults: { recurrentInitializer?: Initializer } = {}) {
    super();
    const {
      units, returnSequences = false, returnState = false, goBackwards = false, zeroOutputForMask = false, useBias = true,
      kernelInitializer = glorotUniform(), recurrentInitializer = defaults.recurrentInitializer ?? orthogonal(),
      biasInitializer = zerosInitializer(), l1 = 0, l2 = 0,
    } = options;
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) throw new ValueError(`${owner}: units must be an integer >= 1, got ${String(units)}`);
    for (const [name, value] of [['returnSequences', returnSequences], ['returnState', returnState], ['goBackwards', goBackwards], ['zeroOutputForMask', zeroOutputForMask], ['useBias', useBias]] as const) {
      assertBoolean(owner, name, value);
    }
    assertWeightOptions(owner, { l1, l2, dtype: options.dtype, random: options.random }, { kernelInitializer, recurrentInitializer, biasInitializer });
    this.units = units;
    this.returnSequences = returnSequences;
    this.returnState = returnState;
    this.goBackwards = goBackwards;
    this.zeroOutputForMask = zeroOutputForMask;
    this.useBias = useBias;
    this.kernelInitializer = kernelInitializer;
    this.recurrentInitializer = recurrentInitializer;
    this.biasInitializer = biasInitializer;
    this.random = options.random;
    this.dtypeOption = options.dtype;
    this.l1 = l1;
    this.l2 = l2;
  }

  /** The number of states the cell carries: 1 (h), or 2 for an LSTM (h, c). */
  get stateCount(): number {
    return 1;
  }

  outputShape(inputShape: Shape): Shape {
    assertSampleRank(this.kind, inputShape, 2, '[time, features]');
    const [steps, features] = inputShape as [number, number];
    if (this.features !== null && features !== this.features) {
      throw new ShapeError(`${this.kind}: expects ${this.features} input features, got samples ${formatShape(inputShape)}`);
    }
    return this.returnSequences ? [steps, this.units] : [this.units];
  }

  /** The input kernel W, [features, gates·units] (Keras's `kernel`). */
  get weights(): Parameter {
    this.assertBuilt();
    return this.kernel!;
  }

  /** The recurrent kernel U, [units, gates·units] (Keras's `recurrent_kernel`). */
  get recurrentWeights(): Parameter {
    this.assertBuilt();
    return this.recurrentKernel!;
  }

  get bias(): Parameter | null {
    this.assertBuilt();
    return this.biasParameter;
  }

  parameters(): readonly Parameter[] {
    this.assertBuilt();
    return this.biasParameter ? [this.kernel!, this.recurrentKernel!, this.biasParameter] : [this.kernel!, this.recurrentKernel!];
  }

  /** The bias's shape: [gates·units], or [2, 3·units] for a reset-after GRU (an input and a recurrent bias). */
  protected biasShape(): Shape {
    return [this.gateCount * this.units];
  }

  protected override createWeights(inputShape: Shape, context: BuildContext): void {
    const features = inputShape[1]!;
    const drawsAtRandom = this.kernelInitializer.random || this.recurrentInitializer.random || (this.useBias && this.biasInitializer.random);
    const random = drawingGenerator(this.kind, this.random, context, drawsAtRandom);
    const dtype = this.dtypeOption ?? context.dtype ?? 'float32';
    const width = this.gateCount * this.units;
    const kernel = this.kernelInitializer.create([features, width], features, width, dtype, random);
    const recurrent = this.recurrentInitializer.create([this.units, width], this.units, width, dtype, random);
    this.kernel = { name: 'weights', value: kernel, gradient: zerosLike(kernel), l1: this.l1, l2: this.l2 };
    this.recurrentKernel = { name: 'recurrentWeights', value: recurrent, gradient: zerosLike(recurrent), l1: this.l1, l2: this.l2 };
    if (this.useBias) {
      const bias = this.initialBias(this.biasInitializer.create(this.biasShape(), features, width, dtype, random));
      this.biasParameter = { name: 'bias', value: bias, gradient: zerosLike(bias), l1: 0, l2: 0 };
    }
    this.features = features;
  }

  /** A subclass's change to the drawn bias (LSTM's unit forget bias). */
  protected initialBias(bias: Tensor): Tensor {
    return bias;
  }

  /** The final states of the last forward pass ([batch, units] each: h, and c for an LSTM), with `returnState`; reused buffers. */
  get states(): readonly Tensor[] {
    assertForwardDone(`${this.kind}.states`, this.last);
    if (!this.returnState) throw new ValueError(`${this.kind}: states are kept only with returnState: true`);
    return this.finalStates;
  }

  /** dL/d(initial states) of the last backward pass, in the order of `states`; reused buffers. */
  get initialStateGradients(): readonly Tensor[] {
    return this.initialGradients;
  }

  forward(x: Tensor, options: RecurrentForwardOptions = {}): Tensor {
    if (x.rank !== 3) throw new ShapeError(`${this.kind}: expected a batch [batch, time, features], got ${formatShape(x.shape)}`);
    this.buildFrom(x);
    const [batch, steps, features] = x.shape as [number, number, number];
    if (features !== this.features) throw new ShapeError(`${this.kind}: expected a batch [batch, time, ${this.features}], got ${formatShape(x.shape)}`);
    const w = this.kernel!.value;
    if (x.dtype !== w.dtype) throw new ValueError(`${this.kind}: input is ${x.dtype} but the layer's weights are ${w.dtype}`);
    if (steps === 0) throw new ShapeError(`${this.kind}: a sequence needs at least one step, got ${formatShape(x.shape)}`);
    const dtype = w.dtype;
    const backend = getBackend();
    const width = this.gateCount * this.units;

    const xs = this.inputSteps.get(features).get(steps, batch, dtype);
    swapLeadingAxes(x.data, xs.all, batch, steps, features);
    if (this.goBackwards) reverseSteps(xs);
    const xw = this.productSteps.get(width).get(steps, batch, dtype);
    backend.matmul(xs.all, w.data, xw.all, steps * batch, features, width, false, false, this.inputBias());
    const h = this.stateSteps.get(this.units).get(steps + 1, batch, dtype);
    const context: StepContext = { batch, steps, xs, xw, h };
    this.startStates(context, this.initialState(options.initialState, batch, dtype));

    const mask = this.stepMask(options.mask ?? null, batch, steps);
    const carried = this.carriedStates(context);
    for (let s = 0; s < steps; s++) {
      this.step(context, s);
      if (mask) carryMasked(mask, s, batch, this.units, carried);
    }

    let out: Tensor;
    if (this.returnSequences) {
      out = this.output.batch(batch, [steps, this.units], dtype);
      swapLeadingAxes(h.all.subarray(batch * this.units), out.data, steps, batch, this.units);
      if (mask && this.zeroOutputForMask) zeroMaskedOutputs(mask, out.data, batch, steps, this.units);
    } else {
      out = this.output.matrix(batch, this.units, dtype);
      out.data.set(h.at[steps]!);
    }
    if (this.returnState) this.finalStates = carried.map((states, k) => this.copyOut(this.finalStateBuffers, k, states.at[steps]!, batch, dtype));
    this.last = { x, context, mask, output: out };
    return out;
  }

  /** The mask passes on with the sequence; a layer that returns only its last step ends it. */
  computeMask(inputMask: Tensor | null): Tensor | null {
    return this.returnSequences ? inputMask : null;
  }

  /** dL/dx from dL/d(output) (and, with returnState, the final states' gradients). */
  backward(gradOutput: Tensor, stateGradients?: readonly Tensor[]): Tensor {
    return this.backpropagate(gradOutput, stateGradients ?? null, true)!;
  }

  backwardParameters(gradOutput: Tensor): void {
    this.backpropagate(gradOutput, null, false);
  }

  private backpropagate(gradOutput: Tensor, stateGradients: readonly Tensor[] | null, inputGradient: boolean): Tensor | null {
    assertForwardDone(this.kind, this.last);
    const { x, context, mask, output } = this.last;
    const { batch, steps } = context;
    const units = this.units;
    if (gradOutput.rank !== output.rank || gradOutput.shape.some((d, i) => d !== output.shape[i])) {
      throw new ShapeError(`${this.kind}.backward: gradOutput ${formatShape(gradOutput.shape)} does not match the output ${formatShape(output.shape)}`);
    }
    const dtype = output.dtype;
    const backend = getBackend();
    const width = this.gateCount * units;

    let outputGradients: Steps | null = null;
    if (this.returnSequences) {
      outputGradients = this.outputGradientSteps.get(units).get(steps, batch, dtype);
      swapLeadingAxes(gradOutput.data, outputGradients.all, batch, steps, units);
      if (mask && this.zeroOutputForMask) zeroMaskedRows(mask, outputGradients, batch, units);
    }
    let dh = this.stateGradient.get(units).get(1, batch, dtype).at[0]!;
    let dhPrevious = this.stateGradientPrevious.get(units).get(1, batch, dtype).at[0]!;
    this.copyStateGradient(stateGradients, 0, dh, batch);
    this.startBackward(context, stateGradients);
    const dz = this.gradientSteps.get(width).get(steps, batch, dtype);
    const carriedGradients = this.carriedGradients();
    const saved = mask ? this.savedRows.get(units).get(carriedGradients.length + 1, batch, dtype) : null;
    for (let s = steps - 1; s >= 0; s--) {
      if (outputGradients) addInto(dh, outputGradients.at[s]!);
      else if (s === steps - 1) addInto(dh, gradOutput.data);
      if (mask) saveMaskedRows(mask, s, batch, units, [dh, ...carriedGradients], saved!);
      this.stepBackward(context, s, dh, dhPrevious, dz);
      if (mask) restoreMaskedRows(mask, s, batch, units, [dhPrevious, ...carriedGradients], saved!, this.stepGradients(s, dz));
      [dh, dhPrevious] = [dhPrevious, dh];
    }
    this.parameterGradients(context, dz);
    this.initialGradients = [dh, ...carriedGradients].map((gradient, k) => this.copyOut(this.initialGradientBuffers, k, gradient, batch, dtype));

    if (!inputGradient) return null;
    const dxs = this.inputGradientSteps.get(this.features!).get(steps, batch, dtype);
    backend.matmul(dz.all, this.kernel!.value.data, dxs.all, steps * batch, width, this.features!, false, true, null);
    if (this.goBackwards) reverseSteps(dxs);
    const dx = this.inputGradient.get(x.shape, dtype);
    swapLeadingAxes(dxs.all, dx.data, steps, batch, this.features!);
    return dx;
  }

  /** dW = xsᵀ·dz, dU = h[0..T-1]ᵀ·dz and db = Σ dz over every step, one GEMM each (GRU overrides it). */
  protected parameterGradients(context: StepContext, dz: Steps): void {
    const { batch, steps, xs, h } = context;
    const backend = getBackend();
    const width = this.gateCount * this.units;
    const rows = steps * batch;
    backend.matmul(xs.all, dz.all, this.kernel!.gradient.data, this.features!, rows, width, true, false, null);
    backend.matmul(h.all.subarray(0, rows * this.units), dz.all, this.recurrentKernel!.gradient.data, this.units, rows, width, true, false, null);
    if (this.biasParameter) backend.reduce('sum', dz.all, this.biasParameter.gradient.data, 1, rows, width);
  }

  /** The bias added to the input products (the whole bias, except for GRU's input half). */
  protected inputBias(): FloatArray | null {
    return this.biasParameter ? this.biasParameter.value.data : null;
  }

  /** Sets h.at[0] (and the subclass's other states) from `initial`, or zeros. */
  protected startStates(context: StepContext, initial: readonly Tensor[] | null): void {
    const h0 = context.h.at[0]!;
    if (initial) h0.set(initial[0]!.data);
    else h0.fill(0);
  }

  /** The cell's step s: from xw.at[s] and the states at[s], the states at[s + 1]. */
  protected abstract step(context: StepContext, s: number): void;

  /** The states a padded step carries through unchanged: h, and c for an LSTM. */
  protected carriedStates(context: StepContext): Steps[] {
    return [context.h];
  }

  /** Before the reverse loop: the subclass's own state gradients (an LSTM's dc) from the final states' gradients. */
  protected startBackward(_context: StepContext, _stateGradients: readonly Tensor[] | null): void {}

  /**
   * Back through step s: dh is dL/dh.at[s + 1] (all of it); writes dz.at[s] (the gate pre-activations'
   * gradients) and dhPrevious = dL/dh.at[s], and updates the subclass's own state gradients.
   */
  protected abstract stepBackward(context: StepContext, s: number, dh: FloatArray, dhPrevious: FloatArray, dz: Steps): void;

  /** The subclass's state gradients that a padded step carries through (an LSTM's dc). */
  protected carriedGradients(): FloatArray[] {
    return [];
  }

  /** The per-step gradient blocks a padded step must leave at zero. */
  protected stepGradients(s: number, dz: Steps): FloatArray[] {
    return [dz.at[s]!];
  }

  /** buffers[k] as a [batch, units] tensor holding `values`. */
  private copyOut(buffers: readonly ReusableBuffer[], k: number, values: FloatArray, batch: number, dtype: DType): Tensor {
    const out = buffers[k]!.matrix(batch, this.units, dtype);
    out.data.set(values);
    return out;
  }

  /** Copies stateGradients[k] into `into`, or zeros. */
  protected copyStateGradient(stateGradients: readonly Tensor[] | null, k: number, into: FloatArray, batch: number): void {
    const g = stateGradients?.[k];
    if (!g) return void into.fill(0);
    if (g.rank !== 2 || g.shape[0] !== batch || g.shape[1] !== this.units || g.dtype !== this.kernel!.value.dtype) {
      throw new ShapeError(`${this.kind}.backward: state gradient ${k} must be ${this.kernel!.value.dtype} [${batch}, ${this.units}], got ${g.dtype} ${formatShape(g.shape)}`);
    }
    into.set(g.data);
  }

  private initialState(initial: readonly Tensor[] | undefined, batch: number, dtype: DType): readonly Tensor[] | null {
    if (initial === undefined) return null;
    if (!Array.isArray(initial) || initial.length !== this.stateCount) {
      throw new ValueError(`${this.kind}: initialState must be ${this.stateCount} tensor${this.stateCount === 1 ? '' : 's'} [batch, units], got ${Array.isArray(initial) ? initial.length : typeof initial}`);
    }
    initial.forEach((state, k) => {
      if (state.rank !== 2 || state.shape[0] !== batch || state.shape[1] !== this.units || state.dtype !== dtype) {
        throw new ShapeError(`${this.kind}: initialState[${k}] must be ${dtype} [${batch}, ${this.units}], got ${state.dtype} ${formatShape(state.shape)}`);
      }
    });
    return initial;
  }

  /** The mask as 0/1 bytes in processing order [steps][batch], or null without one. */
  private stepMask(mask: Tensor | null, batch: number, steps: number): Uint8Array | null {
    if (mask === null) return null;
    if (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== steps) {
      throw new ShapeError(`${this.kind}: mask must be [batch, time] = [${batch}, ${steps}], got ${formatShape(mask.shape)}`);
    }
    const bytes = this.maskSteps.get(steps * batch);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < steps; t++) {
        const s = this.goBackwards ? steps - 1 - t : t;
        bytes[s * batch + b] = mask.data[b * steps + t] === 0 ? 0 : 1;
      }
    }
    return bytes;
  }

  protected recurrentConfig(): Record<string, unknown> {
    return {
      units: this.units, returnSequences: this.returnSequences, returnState: this.returnState, goBackwards: this.goBackwards,
      zeroOutputForMask: this.zeroOutputForMask, useBias: this.useBias, kernelInitializer: this.kernelInitializer.getConfig(),
      recurrentInitializer: this.recurrentInitializer.getConfig(), biasInitializer: this.biasInitializer.getConfig(),
      dtype: this.kernel?.value.dtype ?? this.dtypeOption ?? null, l1: this.l1, l2: this.l2,
    };
  }
}

/** Grows a StepArray of a width known only at build time. */
export class StepArrayLazy {
  private array: StepArray | null = null;
  private width = -1;

  get(width: number): StepArray {
    if (!this.array || this.width !== width) {
      this.array = new StepArray(width);
      this.width = width;
    }
    return this.array;
  }
}

/** The RecurrentOptions a config records (missing fields take their defaults). */
export function recurrentOptionsFromConfig(config: LayerConfig, random: RandomGenerator | undefined): RecurrentOptions {
  const initializer = (key: string): Initializer | undefined => (config[key] ? initializerFromConfig(config[key] as InitializerConfig) : undefined);
  const kernelInitializer = initializer('kernelInitializer');
  const recurrentInitializer = initializer('recurrentInitializer');
  const biasInitializer = initializer('biasInitializer');
  return {
    units: config.units as number,
    ...(config.returnSequences === undefined ? {} : { returnSequences: config.returnSequences as boolean }),
    ...(config.returnState === undefined ? {} : { returnState: config.returnState as boolean }),
    ...(config.goBackwards === undefined ? {} : { goBackwards: config.goBackwards as boolean }),
    ...(config.zeroOutputForMask === undefined ? {} : { zeroOutputForMask: config.zeroOutputForMask as boolean }),
    ...(config.useBias === undefined ? {} : { useBias: config.useBias as boolean }),
    ...(kernelInitializer ? { kernelInitializer } : {}),
    ...(recurrentInitializer ? { recurrentInitializer } : {}),
    ...(biasInitializer ? { biasInitializer } : {}),
    ...(config.dtype ? { dtype: config.dtype as DType } : {}),
    ...(random ? { random } : {}),
    l1: (config.l1 as number | undefined) ?? 0,
    l2: (config.l2 as number | undefined) ?? 0,
  };
}

/** Reverses the order of the step blocks in place (goBackwards reads the sequence from its end). */
export function reverseSteps(steps: Steps): void {
  const blocks = steps.at;
  for (let i = 0, j = blocks.length - 1; i < j; i++, j--) {
    const a = blocks[i]!;
    const b = blocks[j]!;
    for (let k = 0; k < a.length; k++) {
      const t = a[k]!;
      a[k] = b[k]!;
      b[k] = t;
    }
  }
}

function addInto(into: FloatArray, from: FloatArray): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i]! + from[i]!;
}

/** After step s: rows whose step is padding keep the states they had before it. */
function carryMasked(mask: Uint8Array, s: number, batch: number, units: number, states: readonly Steps[]): void {
  for (let b = 0; b < batch; b++) {
    if (mask[s * batch + b] !== 0) continue;
    for (const state of states) {
      const before = state.at[s]!;
      const after = state.at[s + 1]!;
      for (let j = b * units; j < (b + 1) * units; j++) after[j] = before[j]!;
    }
  }
}

function zeroMaskedOutputs(mask: Uint8Array, out: FloatArray, batch: number, steps: number, units: number): void {
  for (let s = 0; s < steps; s++) {
    for (let b = 0; b < batch; b++) if (mask[s * batch + b] === 0) out.fill(0, (b * steps + s) * units, (b * steps + s + 1) * units);
  }
}

function zeroMaskedRows(mask: Uint8Array, steps: Steps, batch: number, units: number): void {
  steps.at.forEach((block, s) => {
    for (let b = 0; b < batch; b++) if (mask[s * batch + b] === 0) block.fill(0, b * units, (b + 1) * units);
  });
}

function saveMaskedRows(mask: Uint8Array, s: number, batch: number, units: number, from: readonly FloatArray[], saved: Steps): void {
  for (let b = 0; b < batch; b++) {
    if (mask[s * batch + b] !== 0) continue;
    from.forEach((array, k) => {
      const into = saved.at[k]!;
      for (let j = b * units; j < (b + 1) * units; j++) into[j] = array[j]!;
    });
  }
}

/** A padded step passed its state through: its gradients go straight to the step before, and its gates get none. */
function restoreMaskedRows(mask: Uint8Array, s: number, batch: number, units: number, into: readonly FloatArray[], saved: Steps, gates: readonly FloatArray[]): void {
  for (let b = 0; b < batch; b++) {
    if (mask[s * batch + b] !== 0) continue;
    into.forEach((array, k) => {
      const from = saved.at[k]!;
      for (let j = b * units; j < (b + 1) * units; j++) array[j] = from[j]!;
    });
    for (const block of gates) {
      const width = block.length / batch;
      block.fill(0, b * width, (b + 1) * width);
    }
  }
}
