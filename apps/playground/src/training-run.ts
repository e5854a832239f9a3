import type { Callback, History, Sequential } from '@nnts/train';
import { RandomGenerator } from '@nnts/tensor';
import { Adam } from '@nnts/train';
import { createDigitModel } from './digit-model';
import type { DigitSplit } from './split-digits';

/** How the page trains: Adam, small batches, enough epochs to watch the validation loss level off. */
export const TRAINING = { epochs: 40, batchSize: 32, learningRate: 0.005 } as const;

/** One finished epoch, as the chart and the status line show it. */
export interface EpochReport {
  /** Counted from 1. */
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
  /** Since training started, pauses for the page included. */
  readonly seconds: number;
}

/** A training run in progress: its model (which can predict between batches) and a way to stop it. */
export interface TrainingRun {
  readonly model: Sequential;
  /** Ends training after the current batch (or at once, between epochs). */
  stop(): void;
  /** Settles when training ends, stopped or not. */
  readonly finished: Promise<History>;
}

/**
 * Trains a new network from `seed` (its initial weights and the order of the batches) with fitAsync,
 * which gives the page the event loop between batches: the chart redraws, and drawing and the Stop
 * button keep working while it trains.
 */
export function startTraining(split: DigitSplit, options: { readonly seed: number; readonly onEpoch: (report: EpochReport) => void }): TrainingRun {
  const model = createDigitModel(options.seed);
  let stopRequested = false;
  let cutShort = false;
  let started = 0;
  const progress: Callback = {
    onTrainBegin: () => {
      started = performance.now();
    },
    // Stop is heard after every batch, so it is immediate; the epoch it cuts short is not reported,
    // so that the chart shows whole epochs only.
    onBatchEnd: (_batch, _logs, context) => {
      if (!stopRequested) return;
      cutShort = true;
      context.stop();
    },
    onEpochEnd: (epoch, logs, context) => {
      if (cutShort) return;
      options.onEpoch({
        epoch: epoch + 1, epochs: TRAINING.epochs, loss: logs.loss!, valLoss: logs.valLoss!, valAccuracy: logs.valAccuracy!,
        seconds: (performance.now() - started) / 1000,
      });
      // Asked to stop while this epoch was reported: no batch of the next one runs.
      if (stopRequested) context.stop();
    },
  };
  // Training starts on the event loop's next turn: fitAsync runs its first batches before it first
  // yields, and the caller should hold the run before any epoch is reported.
  const finished = new Promise((resolve) => setTimeout(resolve, 0)).then(() => model.fitAsync(split.xTrain, split.yTrain, {
    optimizer: new Adam({ learningRate: TRAINING.learningRate }), epochs: TRAINING.epochs, batchSize: TRAINING.batchSize,
    random: new RandomGenerator(options.seed), validationData: [split.xValidation, split.yValidation], metrics: ['accuracy'], callbacks: [progress], verbose: 'silent',
    // A turn for the page at least once per frame.
    yieldEvery: 16,
  }));
  return { model, stop: () => { stopRequested = true; }, finished };
}
