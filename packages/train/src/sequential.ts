import type { ForwardOptions, Layer, LayerConfig } from '@nnts/layers';
import { ActivationLayer, Dense, ReusableBuffer, isActivatedLayer, layerFromConfig } from '@nnts/layers';
import type { Loss, LossConfig } from '@nnts/losses';
import { lossFromConfig } from '@nnts/losses';
import type { Metric } from '@nnts/metrics';
import type { DType, Shape, Tensor } from '@nnts/tensor';
import {
  NntsError, RandomGenerator, ShapeError, ValueError, assertDType, assertKnownOptions, assertRandomGenerator, assertTensor, describeValue, formatShape, getBackend, sliceRows, tensor, zeros,
} from '@nnts/tensor';
import type { Callback } from './callbacks';
import type { FitAsyncOptions, FitOptions } from './fit';
import { fit, fitAsync } from './fit';
import type { History } from './history';
import type { NamedParameter, Optimizer } from './optimizer';
import { resolveMetrics } from './resolve-metrics';
import type { FusedOutputGradient } from './fused-output';
import { fusedOutputGradient } from './fused-output';
import { assertModelData, assertModelInputs } from './data-checks';
import { formatSummary } from './summary';

export interface SequentialOptions {
  readonly loss: Loss;
  /**
   * The shape of one sample: [784] for flat vectors, [28, 28, 1] for MNIST images (channels last),
   * [time, features] for sequences. Needed unless the first layer knows it (`new Dense(784, 300)`).
   */
  readonly inputShape?: Shape;
  /** The same as `inputShape: [inputFeatures]` (for flat vectors). */
  readonly inputFeatures?: number;
  /**
   * Draws every layer's initial weights, in layer order, for the layers given no generator of their
   * own (and gives each Dropout a stream forked from it): the same seed builds the same model.
   */
  readonly seed?: number;
  /** The generator to draw them from, instead of a seed. */
  readonly random?: RandomGenerator;
  /** The dtype of layers given none; float32 by default. */
  readonly dtype?: DType;
  /**
   * Callbacks every `fit` of this model runs, before those passed to fit: how a model opts in to
   * recording (the seed's `store=True`), e.g. `callbacks: [store.recorder({ name: 'digits' })]`.
   */
  readonly callbacks?: readonly Callback[];
}

const KNOWN = ['loss', 'inputShape', 'inputFeatures', 'seed', 'random', 'dtype', 'callbacks'];

export interface SequentialConfig {
  /** One sample's shape; configs saved before shapes existed have `inputFeatures` instead. */
  readonly inputShape?: readonly number[];
  readonly inputFeatures?: number;
  readonly layers: readonly LayerConfig[];
  readonly loss: LossConfig;
}

export interface PredictOptions {
  /** Samples per forward pass; 256 by default. The result is the same for any value, only memory changes. */
  readonly batchSize?: number;
}

/**
 * A stack of layers trained against one loss: the seed's `Sequential([...], cost)`, and Keras's.
 * Constructing it builds every layer for the shape that reaches it, checking the whole chain: a
 * layer that does not fit the one before is named with both shapes before any data arrives.
 *
 * @example
 * const model = new Sequential([
 *   conv2d({ filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }), maxPool2d(),
 *   flatten(), dense({ units: 10, activation: 'softmax' }),
 * ], { inputShape: [28, 28, 1], loss: new CrossEntropy(), seed: 42 });
 *
 * The whole of backpropagation can be called step by step, as the seed's tutorial does it:
 * const yPred = model.forward(x, { training: true });   // every layer forward
 * const dLoss = model.loss.backward(y, yPred);           // the loss gradient
 * model.backward(dLoss);                                 // every layer backward, filling gradients
 * optimizer.step(model.namedParameters());               // the update
 * // ... or all of it: model.fit(x, y, { optimizer, epochs: 100, batchSize: 32 })
 */
export class Sequential implements Iterable<Layer> {
  readonly layers: readonly Layer[];
  readonly loss: Loss;
  /** One sample's shape. */
  readonly inputShape: Shape;
  /** One sample's shape after each layer, in order. */
  readonly outputShapes: readonly Shape[];
  /** Unique names, `${kind}_${index}`, that prefix parameter keys. */
  readonly layerNames: readonly string[];
  readonly callbacks: readonly Callback[];
  private parameterList: readonly NamedParameter[] | null = null;
  private readonly lossGradient = new ReusableBuffer();
  private readonly maskOptionCache = new WeakMap<Tensor, [ForwardOptions, ForwardOptions]>();
  /** Softmax with cross-entropy, or sigmoid with binary cross-entropy, at the output: backpropagate takes both gradients in one step. */
  private readonly fusedOutput: FusedOutputGradient | null;

  constructor(layers: readonly Layer[], options: SequentialOptions) {
    assertKnownOptions('Sequential', options, KNOWN);
    if (!Array.isArray(layers) || layers.length === 0) throw new ValueError('Sequential: needs at least one layer');
    if (options.seed !== undefined && options.random !== undefined) throw new ValueError('Sequential: pass seed or random, not both');
    if (options.inputShape !== undefined && options.inputFeatures !== undefined) throw new ValueError('Sequential: pass inputShape or inputFeatures, not both');
    if (options.dtype !== undefined) assertDType(options.dtype);
    assertSequentialOptions(options);
    this.layers = [...layers];
    this.loss = options.loss;
    this.inputShape = Object.freeze([...resolveInputShape(layers[0]!, options)]);
    const random = options.random ?? (options.seed === undefined ? undefined : new RandomGenerator(options.seed));
    const context = { ...(random ? { random } : {}), ...(options.dtype ? { dtype: options.dtype } : {}) };
    let shape = this.inputShape;
    this.outputShapes = layers.map((layer, i) => {
      try {
        layer.build(shape, context);
        shape = Object.freeze([...layer.outputShape(shape)]);
      } catch (error) {
        if (error instanceof ShapeError) {
          const before = i === 0 ? `the input ${formatShape(shape)}` : `the output ${formatShape(shape)} of layer ${i - 1} (${layers[i - 1]!.kind})`;
          throw new ShapeError(`Sequential: layer ${i} (${layer.kind}) does not fit ${before}: ${error.message}`);
        }
        if (error instanceof NntsError) throw new (error.constructor as typeof NntsError)(`Sequential: cannot build layer ${i} (${layer.kind}): ${error.message}`);
        throw error;
      }
      return shape;
    });
    this.layerNames = layers.map((layer, i) => `${layer.kind}_${i}`);
    this.callbacks = [...(options.callbacks ?? [])];
    this.fusedOutput = fusedOutputGradient(layers.at(-1)!, options.loss);
  }

  /** One sample's shape at the output. */
  get outputShape(): Shape {
    return this.outputShapes.at(-1)!;
  }

  [Symbol.iterator](): Iterator<Layer> {
    return this.layers[Symbol.iterator]();
  }

  /** Runs every layer; the result is the last layer's reused buffer (see `predict` for a copy). */
  forward(x: Tensor, options: { readonly training?: boolean } = {}): Tensor {
    this.assertInput(x, 'Sequential.forward');
    let out = x;
    // A mask (an Embedding's with maskZero) travels with the sequence to the layers that honour it.
    let mask: Tensor | null = null;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const next = layers[i + 1];
      const layerOptions = mask === null ? options : this.maskedOptions(mask, options.training ?? false);
      // A dense layer and the activation after it run as one backend call where the backend fuses them.
      if (layer instanceof Dense && next instanceof ActivationLayer) {
        out = next.forwardAfter(layer, out, layerOptions);
        mask = next.computeMask(layer.computeMask(mask));
        i++;
      } else {
        out = layer.forward(out, layerOptions);
        mask = layer.computeMask ? layer.computeMask(mask) : null;
      }
    }
    return out;
  }

  /** { training, mask } for a mask, made once per mask buffer and mode: a training loop allocates none per batch. */
  private maskedOptions(mask: Tensor, training: boolean): ForwardOptions {
    let pair = this.maskOptionCache.get(mask);
    if (!pair) this.maskOptionCache.set(mask, (pair = [{ training: false, mask }, { training: true, mask }]));
    return pair[training ? 1 : 0];
  }

  /** Backpropagates dL/d(output) through every layer, filling parameter gradients (with penalties). */
  backward(gradOutput: Tensor): Tensor {
    return this.backwardFrom(this.layers.length - 1, gradOutput, true)!;
  }

  /**
   * The loss gradient for targets `yTrue` and this model's output `yPred`, backpropagated through
   * every layer, as `backward(loss.backward(yTrue, yPred))` does, into buffers reused between batches,
   * but without the gradient with respect to the inputs, which training never needs. When
   * the model ends in softmax (a Softmax layer, or a layer's softmax activation) and the loss is
   * cross-entropy on probabilities, the two gradients are taken together
   * (CrossEntropy.backwardThroughSoftmax): the same numbers, one pass. A sigmoid output with binary
   * cross-entropy on probabilities takes dL/dz = (p - y) / n (BinaryCrossEntropy.backwardThroughSigmoid),
   * the exact derivative in z, which the two rounded factors of the separate chain miss in float32.
   */
  backpropagate(yTrue: Tensor, yPred: Tensor): void {
    const options = this.lossGradient.options(this.lossGradient.get(yPred.shape, yPred.dtype));
    const fused = this.fusedOutput;
    if (!fused) {
      this.backwardFrom(this.layers.length - 1, this.loss.backward(yTrue, yPred, options), false);
      return;
    }
    const gradient = fused(yTrue, yPred, options);
    const lastIndex = this.layers.length - 1;
    const last = this.layers[lastIndex]!;
    if (last instanceof ActivationLayer) {
      this.backwardFrom(lastIndex - 1, gradient, false);
    } else if (isActivatedLayer(last)) {
      const dx = last.backwardFromPreActivation(gradient, lastIndex > 0);
      this.backwardFrom(lastIndex - 1, dx!, false);
    }
  }

  /** Layers lastLayer..0 backward, then the penalties' gradients; without `inputGradient` the first layer may skip dL/d(input). */
  private backwardFrom(lastLayer: number, gradOutput: Tensor, inputGradient: boolean): Tensor | null {
    let gradient: Tensor | null = gradOutput;
    for (let i = lastLayer; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (i === 0 && !inputGradient && layer.backwardParameters) {
        layer.backwardParameters(gradient!);
        gradient = null;
      } else {
        gradient = layer.backward(gradient!);
      }
    }
    const parameters = this.namedParameters();
    for (let p = 0; p < parameters.length; p++) {
      const { parameter } = parameters[p]!;
      const { l1, l2 } = parameter;
      if (l1 === 0 && l2 === 0) continue;
      const w = parameter.value.data;
      const g = parameter.gradient.data;
      for (let i = 0; i < w.length; i++) g[i] += l1 * Math.sign(w[i]!) + 2 * l2 * w[i]!;
    }
    return gradient;
  }

  /** The loss of predictions plus the L1/L2 penalties of the parameters. */
  computeLoss(yTrue: Tensor, yPred: Tensor): number {
    let penalty = 0;
    const parameters = this.namedParameters();
    for (let p = 0; p < parameters.length; p++) {
      const { parameter } = parameters[p]!;
      if (parameter.l1 === 0 && parameter.l2 === 0) continue;
      for (const w of parameter.value.data) penalty += parameter.l1 * Math.abs(w) + parameter.l2 * w * w;
    }
    return this.loss.forward(yTrue, yPred) + penalty;
  }

  /** One step of gradient descent on one batch; returns the batch's loss before the step. */
  trainStep(x: Tensor, y: Tensor, optimizer: Optimizer): number {
    const yPred = this.forward(x, { training: true });
    const loss = this.computeLoss(y, yPred);
    this.backpropagate(y, yPred);
    optimizer.step(this.namedParameters());
    return loss;
  }

  /**
   * The model's output for x in inference mode, as a new tensor that no later call overwrites. Runs
   * in batches (the result does not depend on their size), so a large image set needs only one
   * batch's activations in memory.
   */
  predict(x: Tensor, options: PredictOptions = {}): Tensor {
    assertKnownOptions('predict', options, ['batchSize']);
    const batchSize = options.batchSize ?? 256;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`predict: batchSize must be an integer >= 1, got ${batchSize}`);
    assertModelInputs(this, x, 'predict');
    const n = x.shape[0]!;
    if (n <= batchSize) {
      const out = this.forward(x);
      return tensor(out.data, { shape: out.shape });
    }
    const result = zeros([n, ...this.outputShape], { dtype: x.dtype });
    const width = result.size / n;
    for (let start = 0; start < n; start += batchSize) {
      const out = this.forward(sliceRows(x, start, start + batchSize));
      result.data.set(out.data, start * width);
    }
    return result;
  }

  /** Loss (with penalties) and metrics on a data set, in inference mode. */
  evaluate(x: Tensor, y: Tensor, options: PredictOptions & { readonly metrics?: readonly (string | Metric)[] } = {}): Record<string, number> {
    assertKnownOptions('evaluate', options, ['batchSize', 'metrics']);
    assertModelData(this, x, y, 'evaluate', 'evaluation');
    const yPred = this.predict(x, options.batchSize === undefined ? {} : { batchSize: options.batchSize });
    const result: Record<string, number> = { loss: this.computeLoss(y, yPred) };
    for (const metric of resolveMetrics(options.metrics ?? [])) result[metric.name] = metric.compute(y, yPred);
    return result;
  }

  /** Trains the model; see FitOptions. */
  fit(x: Tensor, y: Tensor, options: FitOptions): History {
    return fit(this, x, y, options);
  }

  /** fit, yielding to the event loop while it trains (see fitAsync): the same weights, bit for bit. */
  fitAsync(x: Tensor, y: Tensor, options: FitAsyncOptions): Promise<History> {
    return fitAsync(this, x, y, options);
  }

  /**
   * Every trainable parameter with its key, `${layerName}.${parameterName}`. Layers and their
   * parameter objects are fixed once built, so the list is built once: the training loop asks
   * for it several times per batch.
   */
  namedParameters(): readonly NamedParameter[] {
    this.parameterList ??= this.layers.flatMap((layer, i) => layer.parameters().map((parameter) => ({ key: `${this.layerNames[i]}.${parameter.name}`, parameter })));
    return this.parameterList;
  }

  /** Non-trained state to save with the model (BatchNorm running statistics), keyed like parameters. */
  namedBuffers(): { key: string; value: Tensor }[] {
    return this.layers.flatMap((layer, i) => layer.buffers().map((b) => ({ key: `${this.layerNames[i]}.${b.name}`, value: b.value })));
  }

  /** A table of layers, output shapes and parameter counts, printed and returned. */
  summary(options: { readonly print?: boolean } = {}): string {
    assertKnownOptions('summary', options, ['print']);
    const backend = getBackend();
    const text = formatSummary(this, backend.details ? `${backend.name} (${backend.details})` : backend.name);
    if (options.print ?? true) console.log(text);
    return text;
  }

  getConfig(): SequentialConfig {
    return { inputShape: [...this.inputShape], layers: this.layers.map((l) => l.getConfig()), loss: this.loss.getConfig() };
  }

  /** Rebuilds a model from its config; its parameters are drawn afresh from `random`, then loaded by the caller. */
  static fromConfig(config: SequentialConfig, random: RandomGenerator): Sequential {
    const inputShape = config.inputShape ?? (config.inputFeatures === undefined ? undefined : [config.inputFeatures]);
    return new Sequential(config.layers.map((layer) => layerFromConfig(layer, random)), {
      loss: lossFromConfig(config.loss), random, ...(inputShape ? { inputShape } : {}),
    });
  }

  /** Refuses a batch whose samples are not `inputShape`, naming both, e.g. expected [batch, 28, 28, 1]. */
  assertInput(x: Tensor, operation: string, what = 'inputs'): void {
    assertTensor(operation, what, x);
    const shape = this.inputShape;
    let fits = x.rank === shape.length + 1;
    for (let i = 0; fits && i < shape.length; i++) fits = x.shape[i + 1] === shape[i];
    if (!fits) throw new ShapeError(`${operation}: ${what} must be [batch, ${shape.join(', ')}] for this model, got ${formatShape(x.shape)}`);
  }
}

/** The options' values of the wrong kind, refused before anything is built (unknown keys are refused before this). */
function assertSequentialOptions(options: SequentialOptions): void {
  const loss = options.loss as unknown;
  if (typeof loss !== 'object' || loss === null || typeof (loss as Loss).forward !== 'function' || typeof (loss as Loss).backward !== 'function') {
    throw new ValueError(`Sequential: loss must be a Loss (e.g. new CrossEntropy()), got ${describeValue(loss)}`);
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new ValueError(`Sequential: seed must be an integer, got ${describeValue(options.seed)}`);
  if (options.random !== undefined) assertRandomGenerator('Sequential', 'random', options.random);
  if (options.callbacks !== undefined && !Array.isArray(options.callbacks)) throw new ValueError(`Sequential: callbacks must be an array of callbacks, got ${describeValue(options.callbacks)}`);
  if (options.inputFeatures !== undefined && !(Number.isInteger(options.inputFeatures) && options.inputFeatures >= 1)) {
    throw new ValueError(`Sequential: inputFeatures must be an integer >= 1, got ${describeValue(options.inputFeatures)}`);
  }
}

/** The model's sample shape: from the options, else from the first layer when it knows it. */
function resolveInputShape(first: Layer, options: SequentialOptions): Shape {
  const shape = options.inputShape ?? (options.inputFeatures === undefined ? first.inputShape : [options.inputFeatures]);
  if (shape === null || shape === undefined) {
    throw new ValueError(`Sequential: the first layer (${first.kind}) does not know its input shape: pass { inputShape }, e.g. [28, 28, 1] for MNIST images or [features] for vectors`);
  }
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ValueError(`Sequential: inputShape must be one sample's shape, positive integers (without the batch axis), got ${Array.isArray(shape) ? formatShape(shape) : String(shape)}`);
  }
  return shape;
}
