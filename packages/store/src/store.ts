import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { ValueError, assertKnownOptions, describeValue } from '@nnts/tensor';
import type { Sequential } from '@nnts/train';
import { Optimizer } from '@nnts/train';
import { buildStoredModel, parseArchitecture } from './architecture';
import { restoreCheckpoint, saveCheckpoint } from './checkpoints';
import type { CheckpointRetention, CheckpointState, RestoredCheckpoint } from './checkpoints';
import { RunNotFoundError, StoreError } from './errors';
import type { RecorderOptions } from './recorder';
import { Recorder } from './recorder';
import { openDatabase } from './open-database';
import { describeSqliteError } from './sqlite-errors';
import { deleteOrphanSnapshots, modelTensors, readSnapshot, writeSnapshot } from './snapshots';

export const DEFAULT_STORE_PATH = 'runs/nnts.db';

export type RunStatus = 'running' | 'finished' | 'failed' | 'stopped';

export interface RunSummary {
  readonly id: number;
  readonly name: string;
  readonly modelName: string | null;
  readonly status: RunStatus;
  readonly hyperparameters: Record<string, unknown>;
  readonly seed: number | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly error: string | null;
  readonly epochs: number;
}

export interface ModelSummary {
  readonly name: string;
  readonly parameters: number;
  readonly loss: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * One SQLite file holding models, training runs with their per-epoch metrics, and checkpoints.
 * WAL journal, foreign keys on, every statement prepared with bound parameters, and every write a
 * transaction: a process killed mid-run leaves a file that opens with every committed epoch in it.
 *
 * @example
 * const store = Store.open('runs/nnts.db');
 * const model = new Sequential(layers, { loss, callbacks: [store.recorder({ name: 'digits', saveModelAs: 'digits' })] });
 * model.fit(x, y, { optimizer, epochs: 20 });
 * store.loadModel('digits').predict(x);
 */
export class Store {
  readonly path: string;
  /**
   * The open better-sqlite3 connection, for this package and its tests. Stripped from the published
   * types, which would otherwise make every consumer install @types/better-sqlite3; users read the
   * file with any SQLite client instead (see the README).
   * @internal
   */
  readonly db: Database.Database;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
  }

  /** Opens (creating when absent) a store file and migrates it to the current schema; ':memory:' for tests. See openDatabase. */
  static open(path: string = DEFAULT_STORE_PATH): Store {
    return new Store(path, openDatabase(path));
  }

  close(): void {
    this.db.close();
  }

  /**
   * Copies the store, as it is at one moment, into a new single file at `destination`, with SQLite's
   * online backup: safe while other processes record (copying the file alone is not: while a writer
   * has it open, the latest commits may still be in the -wal file beside it).
   */
  async backup(destination: string): Promise<void> {
    if (existsSync(destination)) throw new StoreError(`backup: ${destination} exists; refusing to overwrite it`);
    try {
      await this.db.backup(destination);
    } catch (error) {
      throw describeSqliteError(error, this.path, `backing up to ${destination}`);
    }
  }

  /**
   * Runs `work` in one IMMEDIATE transaction (a savepoint inside another): all of it is in the file
   * or none. IMMEDIATE takes the write lock first, waiting on a busy file: a transaction that read
   * before writing could not wait for another process's write and would fail at once.
   * A SQLite failure becomes a StoreError naming the file and `action` (DiskFullError when the disk
   * is full).
   */
  transaction<T>(action: string, work: () => T): T {
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      throw describeSqliteError(error, this.path, action);
    }
  }

  // ── models ────────────────────────────────────────────────────────────────

  /** Saves (or replaces) a model under `name`: architecture, loss, optimiser config and every parameter and buffer. */
  saveModel(name: string, model: Sequential, options: { readonly optimizer?: Optimizer } = {}): void {
    if (typeof name !== 'string' || name.trim() === '') throw new StoreError(`saveModel: a model needs a non-empty name, got ${JSON.stringify(name)}`);
    assertKnownOptions('saveModel', options, ['optimizer']);
    if (options.optimizer !== undefined && !(options.optimizer instanceof Optimizer)) throw new ValueError(`saveModel: optimizer must be an Optimizer, got ${describeValue(options.optimizer)}`);
    const config = model.getConfig();
    const now = new Date().toISOString();
    this.transaction(`saving model ${JSON.stringify(name)}`, () => {
      const snapshot = writeSnapshot(this.db, modelTensors(model));
      const existing = this.db.prepare('SELECT id FROM models WHERE name = ?').get(name) as { id: number } | undefined;
      const optimizer = options.optimizer ? JSON.stringify(options.optimizer.getConfig()) : null;
      let id: number;
      if (existing) {
        id = existing.id;
        this.db.prepare('UPDATE models SET architecture = ?, loss = ?, optimizer = ?, snapshot_id = ?, updated_at = ? WHERE id = ?')
          .run(JSON.stringify(config), JSON.stringify(config.loss), optimizer, snapshot, now, id);
        this.db.prepare('DELETE FROM layers WHERE model_id = ?').run(id);
      } else {
        id = Number(this.db.prepare('INSERT INTO models (name, architecture, loss, optimizer, snapshot_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(name, JSON.stringify(config), JSON.stringify(config.loss), optimizer, snapshot, now, now).lastInsertRowid);
      }
      const insertLayer = this.db.prepare('INSERT INTO layers (model_id, position, name, kind, config) VALUES (?, ?, ?, ?, ?)');
      model.layers.forEach((layer, i) => insertLayer.run(id, i, model.layerNames[i], layer.kind, JSON.stringify(layer.getConfig())));
      deleteOrphanSnapshots(this.db);
    });
  }

  /** Rebuilds a saved model with its parameters exactly as saved. */
  loadModel(name: string): Sequential {
    const row = this.db.prepare('SELECT architecture, snapshot_id FROM models WHERE name = ?').get(name) as { architecture: string; snapshot_id: number } | undefined;
    if (!row) throw new StoreError(`no model named ${JSON.stringify(name)} in ${this.path} (models: ${this.listModels().map((m) => m.name).join(', ') || 'none'})`);
    const source = `model ${JSON.stringify(name)} in ${this.path}`;
    return buildStoredModel(parseArchitecture(row.architecture, source), readSnapshot(this.db, row.snapshot_id), source);
  }

  listModels(): ModelSummary[] {
    const rows = this.db.prepare(`
      SELECT m.name, m.loss, m.created_at, m.updated_at,
        (SELECT COALESCE(SUM(length(t.data)), 0) FROM tensors t WHERE t.snapshot_id = m.snapshot_id AND t.kind = 'parameter') AS bytes,
        (SELECT group_concat(t.dtype) FROM tensors t WHERE t.snapshot_id = m.snapshot_id AND t.kind = 'parameter') AS dtypes
      FROM models m ORDER BY m.name`).all() as { name: string; loss: string; created_at: string; updated_at: string; bytes: number; dtypes: string | null }[];
    return rows.map((r) => ({
      name: r.name, loss: (JSON.parse(r.loss) as { name: string }).name, createdAt: r.created_at, updatedAt: r.updated_at,
      parameters: r.bytes / (r.dtypes?.startsWith('float64') ? 8 : 4),
    }));
  }

  deleteModel(name: string): void {
    this.transaction(`deleting model ${JSON.stringify(name)}`, () => {
      const result = this.db.prepare('DELETE FROM models WHERE name = ?').run(name);
      if (result.changes === 0) throw new StoreError(`no model named ${JSON.stringify(name)} to delete`);
      deleteOrphanSnapshots(this.db);
    });
    this.reclaimSpace();
  }

  // ── runs ──────────────────────────────────────────────────────────────────

  /** A training callback that records a run: see RecorderOptions. */
  recorder(options: RecorderOptions = {}): Recorder {
    return new Recorder(this, options);
  }

  createRun(options: { readonly name: string; readonly modelName?: string | null; readonly hyperparameters?: Record<string, unknown>; readonly seed?: number | null }): number {
    assertKnownOptions('createRun', options, ['name', 'modelName', 'hyperparameters', 'seed']);
    if (typeof options.name !== 'string') throw new ValueError(`createRun: name must be a string, got ${describeValue(options.name)}`);
    const result = this.transaction(`creating run ${JSON.stringify(options.name)}`, () => this.db.prepare('INSERT INTO runs (id, name, model_name, status, hyperparameters, seed, started_at) VALUES ((SELECT last + 1 FROM run_ids), ?, ?, ?, ?, ?, ?)')
      .run(options.name, options.modelName ?? null, 'running', JSON.stringify(options.hyperparameters ?? {}), options.seed ?? null, new Date().toISOString()));
    return Number(result.lastInsertRowid);
  }

  /** Records one epoch's values in one transaction: an epoch is in the file whole or not at all. */
  recordEpoch(runId: number, epoch: number, logs: Readonly<Record<string, number>>): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO epochs (run_id, epoch, metric, value, recorded_at) VALUES (?, ?, ?, ?, ?)');
    const now = new Date().toISOString();
    this.transaction(`recording epoch ${epoch} of run ${runId}`, () => {
      this.assertRunExists(runId, `recording epoch ${epoch}`);
      for (const [metric, value] of Object.entries(logs)) insert.run(runId, epoch, metric, Number.isFinite(value) ? value : null, now);
    });
  }

  setRunStatus(runId: number, status: RunStatus, error: string | null = null): void {
    const ended = status === 'running' ? null : new Date().toISOString();
    const result = this.transaction(`marking run ${runId} ${status}`, () => this.db.prepare('UPDATE runs SET status = ?, ended_at = ?, error = ? WHERE id = ?').run(status, ended, error, runId));
    if (result.changes === 0) throw new RunNotFoundError(`no run ${runId} in ${this.path} to mark ${status}`);
  }

  listRuns(): RunSummary[] {
    const rows = this.db.prepare(`SELECT r.*, (SELECT COUNT(DISTINCT epoch) FROM epochs e WHERE e.run_id = r.id) AS epoch_count FROM runs r ORDER BY r.id`).all() as RunRow[];
    return rows.map(toRunSummary);
  }

  getRun(runId: number): RunSummary & { readonly metrics: Record<string, (number | null)[]> } {
    const row = this.db.prepare(`SELECT r.*, (SELECT COUNT(DISTINCT epoch) FROM epochs e WHERE e.run_id = r.id) AS epoch_count FROM runs r WHERE r.id = ?`).get(runId) as RunRow | undefined;
    if (!row) throw new RunNotFoundError(`no run ${runId} in ${this.path}`);
    const metrics: Record<string, (number | null)[]> = {};
    for (const e of this.db.prepare('SELECT epoch, metric, value FROM epochs WHERE run_id = ? ORDER BY epoch, rowid').all(runId) as { epoch: number; metric: string; value: number | null }[]) {
      (metrics[e.metric] ??= [])[e.epoch] = e.value;
    }
    return { ...toRunSummary(row), metrics };
  }

  deleteRun(runId: number): void {
    this.transaction(`deleting run ${runId}`, () => {
      if (this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId).changes === 0) throw new StoreError(`no run ${runId} to delete`);
      deleteOrphanSnapshots(this.db);
    });
    this.reclaimSpace();
  }

  /**
   * Gives the pages that deletes freed back to the file system (incremental auto-vacuum), and folds
   * the write-ahead log into the file so that it shrinks now. A store of an old schema that could
   * not be converted yet is VACUUMed instead. A busy file keeps its free pages for later writes.
   */
  reclaimSpace(): void {
    try {
      if (this.db.pragma('auto_vacuum', { simple: true }) === 0) this.db.exec('VACUUM');
      else this.db.pragma('incremental_vacuum');
      if (this.path !== ':memory:') this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw describeSqliteError(error, this.path, 'reclaiming free space');
    }
  }

  private assertRunExists(runId: number, action: string): void {
    if (!this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw new RunNotFoundError(`run ${runId} is not in ${this.path} any more (deleted by another connection?): cannot go on ${action}`);
  }

  // ── checkpoints ───────────────────────────────────────────────────────────

  /** Takes a checkpoint after `epoch`; with `retention`, the run's checkpoints it does not keep go (see CheckpointRetention). */
  saveCheckpoint(runId: number, epoch: number, state: CheckpointState, options: { readonly retention?: CheckpointRetention } = {}): void {
    assertKnownOptions('saveCheckpoint', options, ['retention']);
    this.transaction(`checkpointing epoch ${epoch} of run ${runId}`, () => {
      this.assertRunExists(runId, `checkpointing epoch ${epoch}`);
      saveCheckpoint(this.db, runId, epoch, state, options.retention);
    });
  }

  /** Puts a run's checkpoint (the latest, or `epoch`'s) back into a model, optimiser and generators. */
  restoreCheckpoint(runId: number, state: CheckpointState, options: { readonly epoch?: number } = {}): RestoredCheckpoint {
    assertKnownOptions('restoreCheckpoint', options, ['epoch']);
    if (options.epoch !== undefined && !(Number.isSafeInteger(options.epoch) && options.epoch >= 0)) throw new ValueError(`restoreCheckpoint: epoch must be an integer >= 0, got ${describeValue(options.epoch)}`);
    return restoreCheckpoint(this.db, runId, state, options.epoch);
  }
}

interface RunRow {
  id: number; name: string; model_name: string | null; status: RunStatus; hyperparameters: string; seed: number | null;
  started_at: string; ended_at: string | null; error: string | null; epoch_count: number;
}

function toRunSummary(r: RunRow): RunSummary {
  return {
    id: r.id, name: r.name, modelName: r.model_name, status: r.status, hyperparameters: JSON.parse(r.hyperparameters) as Record<string, unknown>,
    seed: r.seed, startedAt: r.started_at, endedAt: r.ended_at, error: r.error, epochs: r.epoch_count,
  };
}
