import type { Metric } from '@nnts/metrics';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, ValueError, emitWarning, assertBoolean, assertKnownOptions, assertOneOf, assertRandomGenerator, describeValue, findNonFinite, gatherRows, getBackend, sliceRows, zeros } from '@nnts/tensor';
import type { Callback, TrainingContext } from './callbacks';
import { LearningRateScheduler } from './callbacks';
import { TrainingError } from './errors';
import { History } from './history';
import { assertModelData } from './data-checks';
import { Optimizer } from './optimizer';
import type { ProgressOutput, Verbosity } from './progress';
import { ProgressReporter, VERBOSITIES } from './progress';
import { resolveMetrics } from './resolve-metrics';
import type { Sequential } from './sequential';

export interface FitOptions {
  readonly optimizer: Optimizer;
  /** The epoch to stop at (exclusive, counted from 0); 1 by default. */
  readonly epochs?: number;
  /** The epoch to start at, to resume a run from a checkpoint; 0 by default. Equal to epochs, no epoch runs and callbacks see training begin and end (a resumed run whose epochs were all done finishes). */
  readonly initialEpoch?: number;
  /** Samples per gradient step; 32 by default. */
  readonly batchSize?: number;
  /** A new random order of the training rows every epoch; true by default. */
  readonly shuffle?: boolean;
  /** The seeded generator for shuffling; new RandomGenerator(0) by default, so runs repeat exactly. */
  readonly random?: RandomGenerator;
  /** Data to evaluate after every epoch (logged as valLoss, valAccuracy, ...). */
  readonly validationData?: readonly [Tensor, Tensor];
  /** Hold out this fraction of the rows as validation data: the last rows, taken before any shuffling (as Keras does). */
  readonly validationSplit?: number;
  /** Metric names ('accuracy', 'mse', ...) or Metric objects, computed every epoch. */
  readonly metrics?: readonly (string | Metric)[];
  readonly callbacks?: readonly Callback[];
  /** Sets the learning rate at the start of each epoch: (epoch, current) => next. */
  readonly learningRateSchedule?: (epoch: number, learningRate: number) => number;
  /** 'auto' (a bar on a terminal, plain lines otherwise), 'bar', 'lines' or 'silent'. */
  readonly verbose?: Verbosity;
  /** Where progress goes; stdout by default. */
  readonly output?: ProgressOutput;
  /**
   * What to do when the loss sat at its clipping bound for a whole epoch (every prediction saturated,
   * some confidently wrong, see Loss.saturated): the gradients vanish and training has stopped moving,
   * typically after a far too large learning rate. 'warn' (the default) emits one process warning
   * (code NNTS_LOSS_SATURATED) per fit, 'stop' throws a TrainingError, 'ignore' does neither.
   */
  readonly onSaturatedLoss?: SaturatedLossAction;
}

export type SaturatedLossAction = 'warn' | 'stop' | 'ignore';

const KNOWN = ['optimizer', 'epochs', 'initialEpoch', 'batchSize', 'shuffle', 'random', 'validationData', 'validationSplit', 'metrics', 'callbacks', 'learningRateSchedule', 'verbose', 'output', 'onSaturatedLoss'];

/**
 * Mini-batch training. Each epoch: (optional) new learning rate, a shuffled order, then for every
 * batch forward, loss, backward and an optimiser step. Training loss and metrics are over the
 * epoch's batches (as Keras reports them); validation ones are computed after the epoch in inference
 * mode. Batches are gathered into buffers reused all run long. A loss or gradient that is not a
 * finite number stops training with an error naming the epoch and batch.
 */
export function fit(model: Sequential, x: Tensor, y: Tensor, options: FitOptions): History {
  const run = fitSteps(model, x, y, options, 'fit');
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value;
}

export interface FitAsyncOptions extends FitOptions {
  /**
   * How often training gives the event loop a turn (a page redraws, a server answers, a Stop button
   * is heard): 'batch', 'epoch', or a number of milliseconds of training between turns; 50 by default.
   */
  readonly yieldEvery?: 'batch' | 'epoch' | number;
}

/**
 * fit that yields to the event loop while it trains, so a page does not freeze: the same steps in the
 * same order, so it ends with the same weights and history, bit for bit, as fit.
 *
 * @example
 * await model.fitAsync(x, y, { optimizer: new Adam(), epochs: 10, yieldEvery: 'batch' });
 */
export async function fitAsync(model: Sequential, x: Tensor, y: Tensor, options: FitAsyncOptions): Promise<History> {
  if (options === undefined) throw new ValueError('fitAsync: needs its options, with an optimizer: fitAsync(x, y, { optimizer: new SGD({ learningRate: 0.01 }), epochs: 10 })');
  const { yieldEvery = 50, ...fitOptions } = options;
  if (!(yieldEvery === 'batch' || yieldEvery === 'epoch' || (typeof yieldEvery === 'number' && yieldEvery >= 0 && Number.isFinite(yieldEvery)))) {
    throw new ValueError(`fitAsync: yieldEvery must be 'batch', 'epoch' or a number of milliseconds >= 0, got ${describeValue(yieldEvery)}`);
  }
  const run = fitSteps(model, x, y, fitOptions, 'fitAsync');
  let last = performance.now();
  let step = run.next();
  while (!step.done) {
    const due = typeof yieldEvery === 'number' ? performance.now() - last >= yieldEvery : step.value === yieldEvery;
    if (due) {
      await nextTask();
      last = performance.now();
    }
    step = run.next();
  }
  return step.value;
}

/** Resolves after the event loop's next turn (a macrotask: timers, input and rendering get theirs). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The training run, as a generator that pauses after every batch ('batch') and epoch ('epoch'): fit
 * runs it straight through, fitAsync with turns of the event loop in between.
 */
function* fitSteps(model: Sequential, x: Tensor, y: Tensor, options: FitOptions, caller: string): Generator<'batch' | 'epoch', History> {
  if (options === undefined) throw new ValueError('fit: needs its options, with an optimizer: fit(x, y, { optimizer: new SGD({ learningRate: 0.01 }), epochs: 10 })');
  assertKnownOptions(caller, options, KNOWN);
  assertFitOptions(options);
  const { optimizer, epochs = 1, initialEpoch = 0, batchSize = 32, shuffle = true, random = new RandomGenerator(0), verbose = 'auto', onSaturatedLoss = 'warn' } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new ValueError(`fit: epochs must be an integer >= 1, got ${epochs}`);
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch > epochs) {
    throw new ValueError(`fit: initialEpoch must be an integer in [0, ${epochs}], got ${initialEpoch}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`fit: batchSize must be an integer >= 1, got ${batchSize}`);
  const [xTrain, yTrain, validation] = splitValidation(model, x, y, options);
  const metrics = resolveMetrics(options.metrics ?? []);
  const fitCallbacks = options.callbacks ?? [];
  const callbacks: Callback[] = [
    ...(options.learningRateSchedule ? [new LearningRateScheduler(options.learningRateSchedule)] : []),
    ...model.callbacks.filter((own) => !fitCallbacks.some((given) => given.replaces?.(own))),
    ...fitCallbacks,
  ];
  const n = xTrain.shape[0]!;
  const batches = Math.ceil(n / batchSize);
  const progress = new ProgressReporter(verbose, epochs, batches, getBackend().name, options.output);
  const history = new History();
  let stopRequested = false;
  const context: TrainingContext = {
    model, optimizer, epochs, random,
    get stopped() {
      return stopRequested;
    },
    stop: () => {
      stopRequested = true;
    },
  };
  const batchBuffers = new Map<number, [Tensor, Tensor]>();
  const outputs = model.outputShape.reduce((p, d) => p * d, 1);
  const epochPredictions = metrics.length > 0 ? zeros([n, ...model.outputShape], { dtype: xTrain.dtype }) : null;
  // One order buffer for the whole run, shuffled in place each epoch, and one view of it per batch:
  // nothing here is allocated per batch.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const batchRows = Array.from({ length: batches }, (_, b) => order.subarray(b * batchSize, Math.min((b + 1) * batchSize, n)));

  let epochsRun = initialEpoch;
  let warned = false;
  try {
    for (const callback of callbacks) callback.onTrainBegin?.(context);
    for (let epoch = initialEpoch; epoch < epochs && !stopRequested; epoch++) {
      for (const callback of callbacks) callback.onEpochBegin?.(epoch, context);
      progress.epochBegin();
      if (shuffle) random.permutation(n, order);
      let lossSum = 0;
      let saturated = onSaturatedLoss !== 'ignore' && model.loss.saturated !== undefined;
      for (let batch = 0; batch < batches && !stopRequested; batch++) {
        const rows = batchRows[batch]!;
        const [xb, yb] = gatherBatch(batchBuffers, xTrain, yTrain, rows);
        const yPred = model.forward(xb, { training: true });
        const loss = model.computeLoss(yb, yPred);
        if (!Number.isFinite(loss)) {
          throw new TrainingError(`the loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}: training stopped. Lower the learning rate (${optimizer.currentLearningRate}) or check the data.`);
        }
        if (saturated) saturated = model.loss.saturated!(yb, yPred);
        model.backpropagate(yb, yPred);
        assertFiniteGradients(model, epoch, batch);
        optimizer.step(model.namedParameters());
        lossSum += loss * rows.length;
        if (epochPredictions) for (let r = 0; r < rows.length; r++) epochPredictions.data.set(yPred.data.subarray(r * outputs, (r + 1) * outputs), rows[r]! * outputs);
        for (let c = 0; c < callbacks.length; c++) callbacks[c]!.onBatchEnd?.(batch, { loss, size: rows.length }, context);
        progress.batchEnd(epoch, batch, loss);
        yield 'batch';
      }
      if (saturated && !stopRequested) {
        const message = saturatedLossMessage(model, epoch, lossSum / n, optimizer);
        if (onSaturatedLoss === 'stop') throw new TrainingError(message);
        if (!warned) emitWarning(message, 'NNTS_LOSS_SATURATED');
        warned = true;
      }
      const logs: Record<string, number> = { loss: lossSum / n };
      for (const metric of metrics) logs[metric.name] = metric.compute(yTrain, epochPredictions!);
      if (validation) {
        const evaluated = model.evaluate(validation[0], validation[1], { metrics });
        for (const [name, value] of Object.entries(evaluated)) logs[`val${name[0]!.toUpperCase()}${name.slice(1)}`] = value;
      }
      history.record(epoch, logs);
      progress.epochEnd(epoch, logs);
      epochsRun = epoch + 1;
      for (const callback of callbacks) callback.onEpochEnd?.(epoch, logs, context);
      yield 'epoch';
    }
    for (const callback of callbacks) callback.onTrainEnd?.(context);
    for (const callback of callbacks) callback.afterTrainEnd?.(context);
  } catch (error) {
    for (const callback of callbacks) callback.onTrainError?.(error, context);
    throw error;
  }
  progress.trainEnd(epochsRun);
  return history;
}

function splitValidation(model: Sequential, x: Tensor, y: Tensor, options: FitOptions): [Tensor, Tensor, readonly [Tensor, Tensor] | null] {
  assertModelData(model, x, y, 'fit', 'training');
  if (options.validationData && options.validationSplit !== undefined) throw new ValueError('fit: pass validationData or validationSplit, not both');
  if (options.validationData) {
    const [xv, yv] = options.validationData;
    assertModelData(model, xv, yv, 'fit', 'validation');
    return [x, y, options.validationData];
  }
  if (options.validationSplit === undefined) return [x, y, null];
  const fraction = options.validationSplit;
  const n = x.shape[0]!;
  const trainRows = Math.floor(n * (1 - fraction));
  if (!(fraction > 0 && fraction < 1) || trainRows < 1 || trainRows >= n) {
    throw new ValueError(`fit: validationSplit ${fraction} leaves no rows for training or validation out of ${n}`);
  }
  return [sliceRows(x, 0, trainRows), sliceRows(y, 0, trainRows), [sliceRows(x, trainRows), sliceRows(y, trainRows)]];
}

function gatherBatch(buffers: Map<number, [Tensor, Tensor]>, x: Tensor, y: Tensor, rows: Int32Array): [Tensor, Tensor] {
  let pair = buffers.get(rows.length);
  if (!pair) {
    pair = [zeros([rows.length, ...x.shape.slice(1)], { dtype: x.dtype }), zeros([rows.length, ...y.shape.slice(1)], { dtype: y.dtype })];
    buffers.set(rows.length, pair);
  }
  gatherRows(x, rows, { out: pair[0] });
  gatherRows(y, rows, { out: pair[1] });
  return pair;
}

/** Says what a saturated epoch means and what usually causes it. */
function saturatedLossMessage(model: Sequential, epoch: number, loss: number, optimizer: Optimizer): string {
  const epsilon = (model.loss.getConfig() as { epsilon?: number }).epsilon;
  const bound = epsilon === undefined ? '' : ` (-log ${epsilon} = ${(-Math.log(epsilon)).toFixed(4)} per wrong term)`;
  return `the loss stayed at its clipping bound for all of epoch ${epoch + 1} (loss ${loss.toFixed(4)}${bound}): every prediction is saturated, `
    + `some confidently wrong, so the gradients vanish and training is stuck. Lower the learning rate (${optimizer.currentLearningRate}) or check the data.`;
}

/** Every option of the wrong kind, refused before training starts (unknown keys are refused before this). */
function assertFitOptions(options: FitOptions): void {
  const optimizer = options.optimizer as unknown;
  if (!(optimizer instanceof Optimizer)) {
    throw new ValueError(`fit: optimizer must be an Optimizer (e.g. { optimizer: new SGD({ learningRate: 0.01 }) }), got ${describeValue(optimizer)}`);
  }
  const fail = (option: string, expected: string, value: unknown): never => {
    throw new ValueError(`fit: ${option} must be ${expected}, got ${describeValue(value)}`);
  };
  const { shuffle, random, validationData, validationSplit, metrics, callbacks, learningRateSchedule, verbose, output, onSaturatedLoss } = options;
  if (shuffle !== undefined) assertBoolean('fit', 'shuffle', shuffle);
  if (random !== undefined) assertRandomGenerator('fit', 'random', random);
  if (validationData !== undefined && !(Array.isArray(validationData) && validationData.length === 2)) fail('validationData', 'a pair [inputs, targets]', validationData);
  if (validationSplit !== undefined && typeof validationSplit !== 'number') fail('validationSplit', 'a number in (0, 1)', validationSplit);
  if (metrics !== undefined && !Array.isArray(metrics)) fail('metrics', 'an array of metric names or Metric objects', metrics);
  if (callbacks !== undefined && !Array.isArray(callbacks)) fail('callbacks', 'an array of callbacks', callbacks);
  if (learningRateSchedule !== undefined && typeof learningRateSchedule !== 'function') fail('learningRateSchedule', 'a function (epoch, learningRate) => learningRate', learningRateSchedule);
  if (verbose !== undefined) assertOneOf('fit', 'verbose', verbose, VERBOSITIES);
  if (output !== undefined && typeof (output as { write?: unknown } | null)?.write !== 'function') fail('output', 'a writable stream', output);
  if (onSaturatedLoss !== undefined) assertOneOf('fit', 'onSaturatedLoss', onSaturatedLoss, ['warn', 'stop', 'ignore']);
}

function assertFiniteGradients(model: Sequential, epoch: number, batch: number): void {
  const parameters = model.namedParameters();
  for (let p = 0; p < parameters.length; p++) {
    const { key, parameter } = parameters[p]!;
    const bad = findNonFinite(parameter.gradient);
    if (bad) {
      throw new TrainingError(`the gradient of ${key} holds ${bad.value} at [${bad.index.join(', ')}] at epoch ${epoch + 1}, batch ${batch + 1}: training stopped.`);
    }
  }
}
