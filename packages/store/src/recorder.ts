import { ValueError, assertKnownOptions } from '@nnts/tensor';
import type { Callback, TrainingContext } from '@nnts/train';
import type { CheckpointRetention } from './checkpoints';
import { RunNotFoundError, StoreError } from './errors';
import type { Store } from './store';

export interface RecorderOptions {
  /** The run's name; 'run' by default. */
  readonly name?: string;
  /** Save the trained model under this name when training ends; when resuming, the run's model name by default. */
  readonly saveModelAs?: string;
  /** Recorded with the run, beside the optimiser config and epoch count (which are added). */
  readonly hyperparameters?: Record<string, unknown>;
  /** The seed the run was made from, for the record. */
  readonly seed?: number;
  /** Checkpoint every this many epochs; 1 by default, 0 for never. */
  readonly checkpointEvery?: number;
  /**
   * How many of the latest checkpoints stay, beside the best one; 1 by default (the latest and the
   * best: what resuming and picking the best model need), 'all' for every one.
   */
  readonly keepCheckpoints?: number | 'all';
  /** The logged value that makes a checkpoint the best; 'valLoss' when it is logged, else 'loss'. */
  readonly monitor?: string;
  /** 'min' for losses, 'max' for scores; by default 'max' when the name holds accuracy, precision, recall, f1 or r2. */
  readonly mode?: 'min' | 'max';
  /**
   * Continue recording into this run (after restoring its checkpoint) instead of starting a new one.
   * Given to fit, this recorder replaces the model's own recorders of the same store for that fit.
   */
  readonly resumeRunId?: number;
}

/**
 * A training callback that records into a Store: the run when training begins, each epoch's values
 * as soon as the epoch ends (one transaction each), checkpoints, and the final status: finished,
 * stopped (a callback stopped it) or failed (with the error). The model is saved after every
 * callback's onTrainEnd, so what is saved is what memory holds when fit returns.
 */
export class Recorder implements Callback {
  /** The run being recorded, once training has begun. */
  runId: number | null = null;
  /** True once the run was deleted from the store while it recorded. */
  runDeleted = false;
  private modelName: string | null = null;

  constructor(readonly store: Store, private readonly options: RecorderOptions) {
    assertRecorderOptions(options);
  }

  replaces(other: Callback): boolean {
    return this.options.resumeRunId !== undefined && other instanceof Recorder && other.store === this.store;
  }

  onTrainBegin(context: TrainingContext): void {
    this.runDeleted = false;
    const { resumeRunId } = this.options;
    if (resumeRunId !== undefined) {
      const run = this.store.getRun(resumeRunId);
      this.store.setRunStatus(resumeRunId, 'running');
      this.runId = resumeRunId;
      this.modelName = this.options.saveModelAs ?? run.modelName;
      return;
    }
    this.modelName = this.options.saveModelAs ?? null;
    this.runId = this.store.createRun({
      name: this.options.name ?? 'run',
      modelName: this.modelName,
      seed: this.options.seed ?? null,
      hyperparameters: { ...this.options.hyperparameters, optimizer: context.optimizer.getConfig(), epochs: context.epochs },
    });
  }

  onEpochEnd(epoch: number, logs: Readonly<Record<string, number>>, context: TrainingContext): void {
    if (this.runDeleted) return;
    const runId = this.runId!;
    const every = this.options.checkpointEvery ?? 1;
    const checkpoint = every > 0 && (epoch + 1) % every === 0;
    const retention = checkpoint ? this.retention(logs) : undefined;
    // The epoch and its checkpoint in one transaction: a kill leaves both or neither.
    this.whileTheRunExists(epoch, () => this.store.transaction(`recording epoch ${epoch} of run ${runId}`, () => {
      this.store.recordEpoch(runId, epoch, logs);
      if (checkpoint) this.store.saveCheckpoint(runId, epoch, { model: context.model, optimizer: context.optimizer, random: context.random }, retention ? { retention } : {});
    }));
  }

  private retention(logs: Readonly<Record<string, number>>): CheckpointRetention | undefined {
    const keep = this.options.keepCheckpoints ?? 1;
    if (keep === 'all') return undefined;
    const monitor = this.options.monitor ?? ('valLoss' in logs ? 'valLoss' : 'loss');
    if (!(monitor in logs)) throw new StoreError(`Recorder: monitor '${monitor}' is not logged (logged: ${Object.keys(logs).join(', ')}); it picks the best checkpoint to keep`);
    const mode = this.options.mode ?? (/accuracy|precision|recall|f1|r2/i.test(monitor) ? 'max' : 'min');
    return { latest: keep, monitor, mode };
  }

  afterTrainEnd(context: TrainingContext): void {
    // One transaction: a run is never 'finished' without its model, whenever the process dies.
    this.store.transaction(`finishing run ${this.runId}`, () => {
      if (this.modelName) this.store.saveModel(this.modelName, context.model, { optimizer: context.optimizer });
      if (!this.runDeleted) this.store.setRunStatus(this.runId!, context.stopped ? 'stopped' : 'finished');
    });
  }

  /**
   * A run deleted by another connection while it records (`nnts runs delete` in another terminal)
   * is a decision someone made, not a failure of training: say so once, stop recording the run,
   * and let training, and the saving of its model, go on.
   */
  private whileTheRunExists(epoch: number, record: () => void): void {
    try {
      record();
    } catch (error) {
      if (!(error instanceof RunNotFoundError)) throw error;
      this.runDeleted = true;
      process.emitWarning(`run ${this.runId} was deleted from ${this.store.path} while it recorded (at epoch ${epoch}); training goes on without recording it`, { code: 'NNTS_RUN_DELETED' });
    }
  }

  onTrainError(error: unknown): void {
    if (this.runId === null || this.runDeleted) return;
    try {
      this.store.setRunStatus(this.runId, 'failed', error instanceof Error ? error.message : String(error));
    } catch {
      // The file refuses even this (a full disk may): fit rethrows the error that says why, and the
      // run stays 'running' with every epoch committed before.
    }
  }
}

const KNOWN = ['name', 'saveModelAs', 'hyperparameters', 'seed', 'checkpointEvery', 'keepCheckpoints', 'monitor', 'mode', 'resumeRunId'];

/** A misspelt or mistyped option would silently record less than asked: refuse it, naming what is expected. */
function assertRecorderOptions(options: RecorderOptions): void {
  if (typeof options !== 'object' || options === null) throw new ValueError(`Recorder: options must be an object, got ${String(options)}`);
  assertKnownOptions('Recorder', options, KNOWN);
  const fail = (option: string, expected: string, value: unknown): never => {
    throw new ValueError(`Recorder: ${option} must be ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  };
  const { name, saveModelAs, hyperparameters, seed, checkpointEvery, keepCheckpoints, monitor, mode, resumeRunId } = options;
  if (name !== undefined && typeof name !== 'string') fail('name', 'a string', name);
  if (saveModelAs !== undefined && (typeof saveModelAs !== 'string' || saveModelAs.trim() === '')) fail('saveModelAs', 'a non-empty string', saveModelAs);
  if (hyperparameters !== undefined && (typeof hyperparameters !== 'object' || hyperparameters === null || Array.isArray(hyperparameters))) fail('hyperparameters', 'an object', hyperparameters);
  if (seed !== undefined && !Number.isSafeInteger(seed)) fail('seed', 'an integer', seed);
  if (checkpointEvery !== undefined && !(Number.isInteger(checkpointEvery) && checkpointEvery >= 0)) fail('checkpointEvery', 'an integer >= 0', checkpointEvery);
  if (keepCheckpoints !== undefined && keepCheckpoints !== 'all' && !(Number.isInteger(keepCheckpoints) && keepCheckpoints >= 1)) fail('keepCheckpoints', "an integer >= 1 or 'all'", keepCheckpoints);
  if (monitor !== undefined && typeof monitor !== 'string') fail('monitor', 'a string', monitor);
  if (mode !== undefined && mode !== 'min' && mode !== 'max') fail('mode', "'min' or 'max'", mode);
  if (resumeRunId !== undefined && !(Number.isSafeInteger(resumeRunId) && resumeRunId >= 1)) fail('resumeRunId', 'a run id (an integer >= 1)', resumeRunId);
}
