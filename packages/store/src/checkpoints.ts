import type Database from 'better-sqlite3';
import type { RandomState, Tensor } from '@nnts/tensor';
import { RandomGenerator } from '@nnts/tensor';
import type { Optimizer, OptimizerState, Sequential } from '@nnts/train';
import { StoreError } from './errors';
import type { StoredTensor } from './snapshots';
import { applyToModel, deleteOrphanSnapshots, modelTensors, readSnapshot, writeSnapshot } from './snapshots';

/** What a checkpoint captures, so a resumed run ends with the same weights as an uninterrupted one. */
export interface CheckpointState {
  readonly model: Sequential;
  readonly optimizer: Optimizer;
  /** The generator fit shuffles with. */
  readonly random: RandomGenerator;
}

export interface RestoredCheckpoint {
  readonly runId: number;
  /** The epoch the checkpoint was taken after: resume with fit({ initialEpoch: epoch + 1 }). */
  readonly epoch: number;
}

const SLOT_SEPARATOR = '#';

/** Generators held by layers (Dropout), keyed by layer name. */
function layerGenerators(model: Sequential): Map<string, RandomGenerator> {
  const generators = new Map<string, RandomGenerator>();
  model.layers.forEach((layer, i) => {
    const random = (layer as { random?: unknown }).random;
    if (random instanceof RandomGenerator) generators.set(model.layerNames[i]!, random);
  });
  return generators;
}

/** Which of a run's checkpoints stay when another is taken: the latest few and the best one. */
export interface CheckpointRetention {
  /** How many of the latest checkpoints stay, the new one included. */
  readonly latest: number;
  /** The recorded metric that ranks checkpoints: the best of them stays as well. */
  readonly monitor: string;
  readonly mode: 'min' | 'max';
}

/** Call inside a transaction; without `retention`, every checkpoint of the run stays. */
export function saveCheckpoint(db: Database.Database, runId: number, epoch: number, state: CheckpointState, retention?: CheckpointRetention): void {
  const optimizerState = state.optimizer.getState();
  const slots: StoredTensor[] = Object.entries(optimizerState.slots).flatMap(([key, named]) =>
    Object.entries(named).map(([slot, tensor]) => ({ key: `${key}${SLOT_SEPARATOR}${slot}`, kind: 'optimizer' as const, tensor })));
  const random = {
    fit: state.random.getState(),
    layers: Object.fromEntries([...layerGenerators(state.model)].map(([name, generator]) => [name, generator.getState()])),
  };
  const optimizer = { config: state.optimizer.getConfig(), iterations: optimizerState.iterations, learningRate: optimizerState.learningRate };
  db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND epoch = ?').run(runId, epoch);
  if (retention) pruneCheckpoints(db, runId, epoch, retention);
  // Old snapshots go before the new one is written, so that it reuses their pages instead of growing the file.
  deleteOrphanSnapshots(db);
  const snapshot = writeSnapshot(db, [...modelTensors(state.model), ...slots]);
  db.prepare('INSERT INTO checkpoints (run_id, epoch, snapshot_id, optimizer, random, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(runId, epoch, snapshot, JSON.stringify(optimizer), JSON.stringify(random), new Date().toISOString());
}

/** Deletes the run's checkpoints that `retention` does not keep once the one of `epoch` is taken. */
function pruneCheckpoints(db: Database.Database, runId: number, epoch: number, retention: CheckpointRetention): void {
  const existing = (db.prepare('SELECT epoch FROM checkpoints WHERE run_id = ?').all(runId) as { epoch: number }[]).map((r) => r.epoch);
  const kept = new Set([epoch, ...existing].sort((a, b) => b - a).slice(0, retention.latest));
  const best = db.prepare(`
    SELECT epoch FROM epochs
    WHERE run_id = ? AND metric = ? AND value IS NOT NULL AND (epoch = ? OR epoch IN (SELECT epoch FROM checkpoints WHERE run_id = ?))
    ORDER BY value ${retention.mode === 'min' ? 'ASC' : 'DESC'}, epoch DESC LIMIT 1`).get(runId, retention.monitor, epoch, runId) as { epoch: number } | undefined;
  if (best) kept.add(best.epoch);
  const remove = db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND epoch = ?');
  for (const old of existing) if (!kept.has(old)) remove.run(runId, old);
}

export function restoreCheckpoint(db: Database.Database, runId: number, state: CheckpointState, epoch?: number): RestoredCheckpoint {
  const row = (epoch === undefined
    ? db.prepare('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY epoch DESC LIMIT 1').get(runId)
    : db.prepare('SELECT * FROM checkpoints WHERE run_id = ? AND epoch = ?').get(runId, epoch)) as
    { epoch: number; snapshot_id: number; optimizer: string; random: string } | undefined;
  if (!row) throw new StoreError(`run ${runId} has no checkpoint${epoch === undefined ? '' : ` for epoch ${epoch}`}`);
  const source = `checkpoint of run ${runId} at epoch ${row.epoch}`;
  // Check everything before changing anything: a checkpoint that does not fit, or is damaged, leaves all as it was.
  const stored = readSnapshot(db, row.snapshot_id);
  const optimizer = parseOptimizerRecord(row.optimizer, source);
  const random = parseRandomRecord(row.random, source);
  if (optimizer.config.name !== state.optimizer.name) {
    throw new StoreError(`checkpoint of run ${runId} was taken with optimiser ${optimizer.config.name}, not ${state.optimizer.name}`);
  }
  const parameters = new Map(state.model.namedParameters().map(({ key, parameter }) => [key, parameter.value]));
  const slots: Record<string, Record<string, Tensor>> = {};
  for (const { key, kind, tensor } of stored) {
    if (kind !== 'optimizer') continue;
    const [parameterKey, slot] = key.split(SLOT_SEPARATOR) as [string, string];
    const parameter = parameters.get(parameterKey);
    if (!parameter || parameter.size !== tensor.size) throw new StoreError(`checkpoint of run ${runId}: optimiser slot ${key} does not fit this model`);
    (slots[parameterKey] ??= {})[slot] = tensor;
  }
  const generators = layerGenerators(state.model);
  for (const name of Object.keys(random.layers)) {
    if (!generators.has(name)) throw new StoreError(`checkpoint of run ${runId}: layer ${name} had a generator, this model's has none`);
  }
  const probe = new RandomGenerator(0);
  for (const [name, saved] of [['fit', random.fit] as const, ...Object.entries(random.layers)]) {
    try {
      probe.setState(saved);
    } catch (error) {
      throw new StoreError(`${source}: the state of generator ${name} is damaged (${(error as Error).message})`);
    }
  }
  applyToModel(state.model, stored, source);
  const optimizerState: OptimizerState = { iterations: optimizer.iterations, learningRate: optimizer.learningRate, slots };
  state.optimizer.setState(optimizerState);
  state.random.setState(random.fit);
  for (const [name, saved] of Object.entries(random.layers)) generators.get(name)!.setState(saved);
  return { runId, epoch: row.epoch };
}

interface OptimizerRecord { readonly config: { readonly name: string }; readonly iterations: number; readonly learningRate: number }
interface RandomRecord { readonly fit: RandomState; readonly layers: Record<string, RandomState> }

function parseJson(text: string, column: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoreError(`${source}: the ${column} record is not JSON (${(error as Error).message})`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseOptimizerRecord(text: string, source: string): OptimizerRecord {
  const record = parseJson(text, 'optimiser', source);
  if (!isRecord(record) || !isRecord(record.config) || typeof record.config.name !== 'string') {
    throw new StoreError(`${source}: the optimiser record is damaged: expected { config: { name }, iterations, learningRate }, got ${text.slice(0, 200)}`);
  }
  const { iterations, learningRate } = record;
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations < 0) {
    throw new StoreError(`${source}: the optimiser's iterations must be an integer >= 0, got ${JSON.stringify(iterations)}`);
  }
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new StoreError(`${source}: the optimiser's learningRate must be a finite number > 0, got ${JSON.stringify(learningRate)}`);
  }
  return { config: { name: record.config.name }, iterations, learningRate };
}

function parseRandomRecord(text: string, source: string): RandomRecord {
  const record = parseJson(text, 'random', source);
  if (!isRecord(record) || !isRecord(record.fit) || !isRecord(record.layers) || !Object.values(record.layers).every(isRecord)) {
    throw new StoreError(`${source}: the random record is damaged: expected { fit: state, layers: { name: state } }, got ${text.slice(0, 200)}`);
  }
  return record as unknown as RandomRecord;
}
