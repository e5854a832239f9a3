import { Softmax } from '@nnts/activations';
import type { Layer, LayerConfig } from '@nnts/layers';
import { ActivationLayer, Dense, ReusableBuffer, layerFromConfig } from '@nnts/layers';
import type { Loss, LossConfig } from '@nnts/losses';
import { CrossEntropy, lossFromConfig } from '@nnts/losses';
import type { Metric } from '@nnts/metrics';
import type { RandomGenerator, Tensor } from '@nnts/tensor';
import { ShapeError, ValueError, formatShape, getBackend, tensor } from '@nnts/tensor';
import type { Callback } from './callbacks';
import type { FitOptions } from './fit';
import { fit } from './fit';
import type { History } from './history';
import type { NamedParameter, Optimizer } from './optimizer';
import { resolveMetrics } from './resolve-metrics';
import { formatSummary } from './summary';

export interface SequentialOptions {
  readonly loss: Loss;
  /** Input features, when the first layer cannot tell (a Dense or BatchNorm first layer can). */
  readonly inputFeatures?: number;
  /**
   * Callbacks every `fit` of this model runs, before those passed to fit: how a model opts in to
   * recording (the seed's `store=True`), e.g. `callbacks: [store.recorder({ name: 'digits' })]`.
   */
  readonly callbacks?: readonly Callback[];
}

export interface SequentialConfig {
  readonly inputFeatures: number;
  readonly layers: readonly LayerConfig[];
  readonly loss: LossConfig;
}

/**
 * A stack of layers trained against one loss: the seed's `Sequential([...], cost)`.
 *
 * The whole of backpropagation can be called step by step, as the seed's tutorial does it:
 *
 * @example
 * const yPred = model.forward(x, { training: true });   // every layer forward
 * const dLoss = model.loss.backward(y, yPred);           // the loss gradient
 * model.backward(dLoss);                                 // every layer backward, filling gradients
 * optimizer.step(model.namedParameters());               // the update
 * // ... or all of it: model.fit(x, y, { optimizer, epochs: 100, batchSize: 32 })
 */
export class Sequential implements Iterable<Layer> {
  readonly layers: readonly Layer[];
  readonly loss: Loss;
  readonly inputFeatures: number;
  /** Output features of each layer, in order. */
  readonly outputFeatures: readonly number[];
  /** Unique names, `${kind}_${index}`, that prefix parameter keys. */
  readonly layerNames: readonly string[];
  readonly callbacks: readonly Callback[];
  private parameterList: readonly NamedParameter[] | null = null;
  private readonly lossGradient = new ReusableBuffer();
  /** Softmax last and cross-entropy on probabilities: backpropagate takes both gradients in one pass. */
  private readonly fusedSoftmaxCrossEntropy: CrossEntropy | null;

  constructor(layers: readonly Layer[], options: SequentialOptions) {
    if (layers.length === 0) throw new ValueError('Sequential: needs at least one layer');
    this.layers = [...layers];
    this.loss = options.loss;
    const first = layers[0]!.getConfig();
    const inferred = (first.inputs ?? first.features) as number | undefined;
    const inputFeatures = options.inputFeatures ?? inferred;
    if (inputFeatures === undefined) throw new ValueError('Sequential: the first layer does not fix the input size; pass { inputFeatures }');
    this.inputFeatures = inputFeatures;
    let features = inputFeatures;
    this.outputFeatures = layers.map((layer, i) => {
      try {
        features = layer.outputFeatures(features);
      } catch (error) {
        throw new ShapeError(`Sequential: layer ${i} (${layer.kind}) does not fit after the layer before: ${(error as Error).message}`);
      }
      return features;
    });
    this.layerNames = layers.map((layer, i) => `${layer.kind}_${i}`);
    this.callbacks = [...(options.callbacks ?? [])];
    const last = layers.at(-1)!;
    const loss = options.loss;
    this.fusedSoftmaxCrossEntropy =
      last instanceof ActivationLayer && last.activation instanceof Softmax && loss instanceof CrossEntropy && !loss.fromLogits ? loss : null;
  }

  [Symbol.iterator](): Iterator<Layer> {
    return this.layers[Symbol.iterator]();
  }

  /** Runs every layer; the result is the last layer's reused buffer (see `predict` for a copy). */
  forward(x: Tensor, options: { readonly training?: boolean } = {}): Tensor {
    this.assertInput(x, 'forward');
    let out = x;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const next = layers[i + 1];
      // A dense layer and the activation after it run as one backend call where the backend fuses them.
      if (layer instanceof Dense && next instanceof ActivationLayer) {
        out = next.forwardAfter(layer, out, options);
        i++;
      } else {
        out = layer.forward(out, options);
      }
    }
    return out;
  }

  /** Backpropagates dL/d(output) through every layer, filling parameter gradients (with penalties). */
  backward(gradOutput: Tensor): Tensor {
    return this.backwardFrom(this.layers.length - 1, gradOutput);
  }

  /**
   * The loss gradient for targets `yTrue` and this model's output `yPred`, backpropagated through
   * every layer, as `backward(loss.backward(yTrue, yPred))` does, into buffers reused between batches,
   * but without the gradient with respect to the inputs, which training never needs. When
   * the model ends in a Softmax layer and the loss is cross-entropy on probabilities, the two
   * gradients are taken together (CrossEntropy.backwardThroughSoftmax): the same numbers, one pass.
   */
  backpropagate(yTrue: Tensor, yPred: Tensor): void {
    const options = this.lossGradient.options(this.lossGradient.get(yPred.shape, yPred.dtype));
    const fused = this.fusedSoftmaxCrossEntropy;
    if (fused) this.backwardFrom(this.layers.length - 2, fused.backwardThroughSoftmax(yTrue, yPred, options), false);
    else this.backwardFrom(this.layers.length - 1, this.loss.backward(yTrue, yPred, options), false);
  }

  /** Layers lastLayer..0 backward; without `inputGradient` the first layer may skip dL/d(input). */
  private backwardFrom(lastLayer: number, gradOutput: Tensor, inputGradient = true): Tensor {
    let gradient = gradOutput;
    for (let i = lastLayer; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (i === 0 && !inputGradient && layer.backwardParameters) layer.backwardParameters(gradient);
      else gradient = layer.backward(gradient);
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

  /** The model's output for x in inference mode, as a new tensor that no later call overwrites. */
  predict(x: Tensor): Tensor {
    const out = this.forward(x);
    return tensor(out.data, { shape: out.shape });
  }

  /** Loss (with penalties) and metrics on a data set, in inference mode. */
  evaluate(x: Tensor, y: Tensor, options: { readonly metrics?: readonly (string | Metric)[] } = {}): Record<string, number> {
    const yPred = this.predict(x);
    const result: Record<string, number> = { loss: this.computeLoss(y, yPred) };
    for (const metric of resolveMetrics(options.metrics ?? [])) result[metric.name] = metric.compute(y, yPred);
    return result;
  }

  /** Trains the model; see FitOptions. */
  fit(x: Tensor, y: Tensor, options: FitOptions): History {
    return fit(this, x, y, options);
  }

  /**
   * Every trainable parameter with its key, `${layerName}.${parameterName}`. Layers and their
   * parameter objects are fixed at construction, so the list is built once: the training loop asks
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
    const backend = getBackend();
    const text = formatSummary(this, backend.details ? `${backend.name} (${backend.details})` : backend.name);
    if (options.print ?? true) console.log(text);
    return text;
  }

  getConfig(): SequentialConfig {
    return { inputFeatures: this.inputFeatures, layers: this.layers.map((l) => l.getConfig()), loss: this.loss.getConfig() };
  }

  /** Rebuilds a model from its config; its parameters are drawn afresh from `random`, then loaded by the caller. */
  static fromConfig(config: SequentialConfig, random: RandomGenerator): Sequential {
    return new Sequential(config.layers.map((layer) => layerFromConfig(layer, random)), { loss: lossFromConfig(config.loss), inputFeatures: config.inputFeatures });
  }

  private assertInput(x: Tensor, method: string): void {
    if (x.rank !== 2 || x.shape[1] !== this.inputFeatures) {
      throw new ShapeError(`Sequential.${method}: expected inputs [samples, ${this.inputFeatures}], got ${formatShape(x.shape)}`);
    }
  }
}
