import type { FloatArray, RandomGenerator, Shape, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '@nnts/tensor';
import { BaseLayer } from '../base-layer';
import { ReusableBuffer } from '../buffers';
import { assertForwardDone } from '../input-checks';
import type { BuildContext, LayerConfig, Parameter } from '../layer';
import { GRU } from './gru';
import { LSTM } from './lstm';
import type { Recurrent, RecurrentForwardOptions } from './recurrent';
import { SimpleRNN } from './simple-rnn';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';
const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave'];

export interface BidirectionalOptions {
  /** The recurrent layer to run both ways; Bidirectional makes its own two copies from its config, as Keras does. */
  readonly layer: Recurrent;
  /** How the two directions' outputs combine; 'concat' (units doubled) by default. */
  readonly mergeMode?: MergeMode;
}

const RECURRENT_KINDS: Readonly<Record<string, (config: LayerConfig, random?: RandomGenerator) => Recurrent>> = {
  lstm: LSTM.fromConfig,
  gru: GRU.fromConfig,
  simpleRnn: SimpleRNN.fromConfig,
};

/**
 * Runs a recurrent layer over the sequence forwards and a copy of it backwards, and merges the two
 * outputs (Keras's Bidirectional): with returnSequences, step t of the output sees the whole sequence,
 * the backward copy's outputs put back in time order before they merge. The forward copy's weights
 * come first in `parameters()`, named 'forward/...' and 'backward/...'.
 *
 * @example
 * new Sequential([embedding({ inputDim: 12, outputDim: 16, maskZero: true }), bidirectional({ layer: gru({ units: 32 }) }), dense({ units: 2, activation: 'softmax' })], { inputShape: [40], loss, seed: 1 });
 */
export class Bidirectional extends BaseLayer {
  readonly kind = 'bidirectional';
  readonly forwardLayer: Recurrent;
  readonly backwardLayer: Recurrent;
  readonly mergeMode: MergeMode;
  private named: Parameter[] | null = null;
  private readonly output = new ReusableBuffer();
  private readonly inputGradient = new ReusableBuffer();
  private readonly forwardGradient = new ReusableBuffer();
  private readonly backwardGradient = new ReusableBuffer();
  private last: { forward: Tensor; backward: Tensor; output: Tensor } | null = null;
  private readonly maskOptions = new Map<Tensor | null, Map<boolean, RecurrentForwardOptions>>();

  constructor(options: BidirectionalOptions) {
    assertKnownOptions('Bidirectional', options, ['layer', 'mergeMode']);
    super();
    const { layer, mergeMode = 'concat' } = options;
    const recreate = layer ? RECURRENT_KINDS[layer.kind] : undefined;
    if (!recreate) throw new ValueError(`Bidirectional: layer must be an LSTM, GRU or SimpleRNN, got ${layer ? layer.kind : String(layer)}`);
    if (!MERGE_MODES.includes(mergeMode)) throw new ValueError(`Bidirectional: mergeMode must be one of ${MERGE_MODES.join(', ')}, got ${JSON.stringify(mergeMode)}`);
    if (layer.returnState) throw new ValueError('Bidirectional: the wrapped layer must not use returnState (read each direction\'s states from forwardLayer and backwardLayer)');
    const config = layer.getConfig();
    // Padded steps output zeros in both directions, so that the reversed backward outputs line up with the forward ones.
    const zeroOutputForMask = layer.returnSequences;
    this.forwardLayer = recreate({ ...config, zeroOutputForMask }, layer.random);
    this.backwardLayer = recreate({ ...config, zeroOutputForMask, goBackwards: !layer.goBackwards }, layer.random);
    this.mergeMode = mergeMode;
  }

  get returnSequences(): boolean {
    return this.forwardLayer.returnSequences;
  }

  outputShape(inputShape: Shape): Shape {
    const shape = this.forwardLayer.outputShape(inputShape);
    return this.mergeMode === 'concat' ? [...shape.slice(0, -1), 2 * shape[shape.length - 1]!] : shape;
  }

  protected override createWeights(inputShape: Shape, context: BuildContext): void {
    this.forwardLayer.build(inputShape, context);
    this.backwardLayer.build(inputShape, context);
  }

  parameters(): readonly Parameter[] {
    this.assertBuilt();
    if (!this.named) {
      const prefixed = (prefix: string, layer: Recurrent): Parameter[] => layer.parameters().map((p) => ({ ...p, name: `${prefix}/${p.name}` }));
      this.named = [...prefixed('forward', this.forwardLayer), ...prefixed('backward', this.backwardLayer)];
    }
    return this.named;
  }

  forward(x: Tensor, options: RecurrentForwardOptions = {}): Tensor {
    this.buildFrom(x);
    if (options.initialState !== undefined) throw new ValueError('Bidirectional: initialState is not supported; give it to forwardLayer and backwardLayer directly');
    const innerOptions = this.innerOptions(options.mask ?? null, options.training ?? false);
    const forward = this.forwardLayer.forward(x, innerOptions);
    const backward = this.backwardLayer.forward(x, innerOptions);
    const sequences = this.returnSequences;
    const batch = forward.shape[0]!;
    const steps = sequences ? forward.shape[1]! : 1;
    const units = forward.shape[forward.rank - 1]!;
    const width = this.mergeMode === 'concat' ? 2 * units : units;
    const out = sequences ? this.output.batch(batch, [steps, width], forward.dtype) : this.output.matrix(batch, width, forward.dtype);
    const f = forward.data;
    const b = backward.data;
    const o = out.data;
    for (let r = 0; r < batch; r++) {
      for (let t = 0; t < steps; t++) {
        const fi = (r * steps + t) * units;
        // The backward copy's step t is time steps - 1 - t.
        const bi = (r * steps + (steps - 1 - t)) * units;
        const oi = (r * steps + t) * width;
        for (let j = 0; j < units; j++) {
          const fv = f[fi + j]!;
          const bv = b[bi + j]!;
          switch (this.mergeMode) {
            case 'concat':
              o[oi + j] = fv;
              o[oi + units + j] = bv;
              break;
            case 'sum':
              o[oi + j] = fv + bv;
              break;
            case 'mul':
              o[oi + j] = fv * bv;
              break;
            case 'ave':
              o[oi + j] = (fv + bv) / 2;
              break;
          }
        }
      }
    }
    this.last = { forward, backward, output: out };
    return out;
  }

  computeMask(inputMask: Tensor | null): Tensor | null {
    return this.returnSequences ? inputMask : null;
  }

  backward(gradOutput: Tensor): Tensor {
    const [dForward, dBackward] = this.splitGradient(gradOutput);
    const dxf = this.forwardLayer.backward(dForward);
    const dxb = this.backwardLayer.backward(dBackward);
    const dx = this.inputGradient.get(dxf.shape, dxf.dtype);
    for (let i = 0; i < dx.size; i++) dx.data[i] = dxf.data[i]! + dxb.data[i]!;
    return dx;
  }

  backwardParameters(gradOutput: Tensor): void {
    const [dForward, dBackward] = this.splitGradient(gradOutput);
    this.forwardLayer.backwardParameters(dForward);
    this.backwardLayer.backwardParameters(dBackward);
  }

  /** dL/d(each direction's output) from dL/d(merged output). */
  private splitGradient(gradOutput: Tensor): [Tensor, Tensor] {
    assertForwardDone(this.kind, this.last);
    const { forward, backward, output } = this.last;
    if (gradOutput.rank !== output.rank || gradOutput.shape.some((d, i) => d !== output.shape[i])) {
      throw new ShapeError(`${this.kind}.backward: gradOutput ${formatShape(gradOutput.shape)} does not match the output ${formatShape(output.shape)}`);
    }
    const df = this.forwardGradient.get(forward.shape, forward.dtype);
    const db = this.backwardGradient.get(backward.shape, backward.dtype);
    const sequences = this.returnSequences;
    const batch = forward.shape[0]!;
    const steps = sequences ? forward.shape[1]! : 1;
    const units = forward.shape[forward.rank - 1]!;
    const width = this.mergeMode === 'concat' ? 2 * units : units;
    const g = gradOutput.data;
    const f: FloatArray = forward.data;
    const b: FloatArray = backward.data;
    for (let r = 0; r < batch; r++) {
      for (let t = 0; t < steps; t++) {
        const fi = (r * steps + t) * units;
        const bi = (r * steps + (steps - 1 - t)) * units;
        const gi = (r * steps + t) * width;
        for (let j = 0; j < units; j++) {
          switch (this.mergeMode) {
            case 'concat':
              df.data[fi + j] = g[gi + j]!;
              db.data[bi + j] = g[gi + units + j]!;
              break;
            case 'sum':
              df.data[fi + j] = g[gi + j]!;
              db.data[bi + j] = g[gi + j]!;
              break;
            case 'mul':
              df.data[fi + j] = g[gi + j]! * b[bi + j]!;
              db.data[bi + j] = g[gi + j]! * f[fi + j]!;
              break;
            case 'ave':
              df.data[fi + j] = g[gi + j]! / 2;
              db.data[bi + j] = g[gi + j]! / 2;
              break;
          }
        }
      }
    }
    return [df, db];
  }

  /** The options handed to both directions, made once per mask and mode (a training loop allocates none per batch). */
  private innerOptions(mask: Tensor | null, training: boolean): RecurrentForwardOptions {
    let byMode = this.maskOptions.get(mask);
    if (!byMode) {
      if (this.maskOptions.size > 8) this.maskOptions.clear();
      this.maskOptions.set(mask, (byMode = new Map()));
    }
    let options = byMode.get(training);
    if (!options) byMode.set(training, (options = { training, mask }));
    return options;
  }

  getConfig(): LayerConfig {
    const { zeroOutputForMask: _zero, ...layer } = this.forwardLayer.getConfig();
    return { kind: this.kind, layer: { ...layer, zeroOutputForMask: false }, mergeMode: this.mergeMode };
  }

  static fromConfig(config: LayerConfig, random?: RandomGenerator): Bidirectional {
    const inner = config.layer as LayerConfig | undefined;
    const recreate = inner ? RECURRENT_KINDS[inner.kind] : undefined;
    if (!recreate) throw new ValueError(`Bidirectional.fromConfig: layer must be an lstm, gru or simpleRnn config, got ${JSON.stringify(inner?.kind)}`);
    return new Bidirectional({ layer: recreate(inner!, random), ...(config.mergeMode ? { mergeMode: config.mergeMode as MergeMode } : {}) });
  }
}
