import type { RandomGenerator, Tensor } from '@nnts/tensor';
import { NntsError, ValueError, assertKnownOptions, tensor } from '@nnts/tensor';
import type { Optimizer } from './optimizer';
import type { Sequential } from './sequential';

/** What callbacks can reach while training runs. */
export interface TrainingContext {
  readonly model: Sequential;
  readonly optimizer: Optimizer;
  readonly epochs: number;
  /** The generator fit shuffles with: its state belongs in a checkpoint. */
  readonly random: RandomGenerator;
  /** True once stop() was called. */
  readonly stopped: boolean;
  /** Ends training after the current epoch (or batch, when called from onBatchEnd). */
  stop(): void;
}

/** Hooks into `fit`; `logs` hold 'loss', the metrics and their 'val' versions for the epoch. */
export interface Callback {
  onTrainBegin?(context: TrainingContext): void;
  onEpochBegin?(epoch: number, context: TrainingContext): void;
  onBatchEnd?(batch: number, logs: { readonly loss: number; readonly size: number }, context: TrainingContext): void;
  onEpochEnd?(epoch: number, logs: Readonly<Record<string, number>>, context: TrainingContext): void;
  onTrainEnd?(context: TrainingContext): void;
  /**
   * After every callback's onTrainEnd, when the model is final (EarlyStopping has put its best
   * weights back): the place to save the model, whatever the order of the callbacks.
   */
  afterTrainEnd?(context: TrainingContext): void;
  /**
   * For a callback given to fit: true when it takes the place of `other`, one of the model's own
   * callbacks, for this fit (a recorder that resumes a run replaces the model's recorder).
   */
  replaces?(other: Callback): boolean;
  /** Training threw (a diverging loss, bad data, a failing callback); the error is rethrown after. */
  onTrainError?(error: unknown, context: TrainingContext): void;
}

export interface EarlyStoppingOptions {
  /** The logged quantity to watch; 'valLoss' by default. */
  readonly monitor?: string;
  /** Epochs without improvement to wait before stopping; 0 by default. */
  readonly patience?: number;
  /** The smallest change that counts as an improvement; 0 by default. */
  readonly minDelta?: number;
  /** 'min' for losses, 'max' for scores; by default 'max' when the name holds accuracy, precision, recall, f1 or r2. */
  readonly mode?: 'min' | 'max';
  /** Put back the weights of the best epoch when training ends; false by default. */
  readonly restoreBestWeights?: boolean;
}

/**
 * Stops training when a monitored quantity has not improved for `patience` epochs, and optionally
 * restores the weights of the best epoch (as Keras's EarlyStopping).
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: 'min' | 'max';
  readonly restoreBestWeights: boolean;
  /** The epoch whose value was best, once training has run. */
  bestEpoch = -1;
  /** The epoch training was stopped after, or -1. */
  stoppedEpoch = -1;
  private best = Number.NaN;
  private wait = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    assertKnownOptions('EarlyStopping', options, ['monitor', 'patience', 'minDelta', 'mode', 'restoreBestWeights']);
    this.monitor = options.monitor ?? 'valLoss';
    this.patience = options.patience ?? 0;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.mode = options.mode ?? (/accuracy|precision|recall|f1|r2/i.test(this.monitor) ? 'max' : 'min');
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`EarlyStopping: patience must be an integer >= 0, got ${this.patience}`);
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(`EarlyStopping: mode must be 'min' or 'max', got ${JSON.stringify(this.mode)}`);
  }

  onTrainBegin(): void {
    this.best = Number.NaN;
    this.wait = 0;
    this.bestEpoch = -1;
    this.stoppedEpoch = -1;
    this.bestWeights = null;
  }

  onEpochEnd(epoch: number, logs: Readonly<Record<string, number>>, context: TrainingContext): void {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new NntsError(`EarlyStopping: '${this.monitor}' is not logged (logged: ${Object.keys(logs).join(', ')}); pass validation data or monitor another quantity`);
    }
    const improved = Number.isNaN(this.best) || (this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = context.model.namedParameters().map(({ parameter }) => tensor(parameter.value.data, { shape: parameter.value.shape }));
      return;
    }
    this.wait++;
    // As Keras: `patience` epochs without improvement, and training stops after the last of them.
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      context.stop();
    }
  }

  onTrainEnd(context: TrainingContext): void {
    if (!this.bestWeights) return;
    context.model.namedParameters().forEach(({ parameter }, i) => parameter.value.copyFrom(this.bestWeights![i]!));
  }
}

/** Sets the optimiser's learning rate at the start of every epoch from `schedule(epoch, current)`. */
export class LearningRateScheduler implements Callback {
  constructor(private readonly schedule: (epoch: number, learningRate: number) => number) {}

  onEpochBegin(epoch: number, context: TrainingContext): void {
    const next = this.schedule(epoch, context.optimizer.learningRate);
    if (!(next > 0) || !Number.isFinite(next)) throw new ValueError(`LearningRateScheduler: the schedule gave ${next} for epoch ${epoch}; a learning rate must be a finite number > 0`);
    context.optimizer.learningRate = next;
  }
}
