import type Database from 'better-sqlite3';
import { bytesToTensor, tensorToJson } from './tensor-bytes';
import type { DType } from '@nnts/tensor';
import { WEIGHTS_VIEWS_SQL } from './weights-view';

type Migration = (db: Database.Database) => void;

/**
 * The schema, one migration per version, applied in order inside a transaction; PRAGMA user_version
 * holds the version a file is at. Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  // 1: models, runs, per-epoch metrics, checkpoints; tensors as exact little-endian BLOBs.
  (db) => {
    db.exec(`
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL
      );
      CREATE TABLE tensors (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('parameter', 'buffer', 'optimizer')),
        dtype TEXT NOT NULL CHECK (dtype IN ('float32', 'float64')),
        shape TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (snapshot_id, key)
      );
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        architecture TEXT NOT NULL,
        loss TEXT NOT NULL,
        optimizer TEXT,
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE layers (
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        config TEXT NOT NULL,
        PRIMARY KEY (model_id, position)
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        model_name TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'stopped')),
        hyperparameters TEXT NOT NULL,
        seed INTEGER,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        error TEXT
      );
      CREATE TABLE epochs (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        metric TEXT NOT NULL,
        value REAL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch, metric)
      );
      CREATE TABLE checkpoints (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        optimizer TEXT NOT NULL,
        random TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (run_id, epoch)
      );
      CREATE INDEX checkpoints_by_run ON checkpoints (run_id, epoch);
    `);
  },
  // 2: every weight readable with plain SQL. Parameters and buffers also keep their values as a JSON
  // array, which json_each expands; the views name them by model and key. Old snapshots are backfilled.
  (db) => {
    db.exec(`ALTER TABLE tensors ADD COLUMN "values" TEXT`);
    const rows = db.prepare(`SELECT snapshot_id, key, dtype, shape, data FROM tensors WHERE kind IN ('parameter', 'buffer')`).all() as {
      snapshot_id: number; key: string; dtype: DType; shape: string; data: Buffer;
    }[];
    const update = db.prepare(`UPDATE tensors SET "values" = ? WHERE snapshot_id = ? AND key = ?`);
    for (const row of rows) update.run(tensorToJson(bytesToTensor(row.data, row.dtype, JSON.parse(row.shape), row.key)), row.snapshot_id, row.key);
    db.exec(`
      CREATE VIEW weights AS
        SELECT t.snapshot_id, t.key, t.kind, CAST(j.key AS INTEGER) AS position, j.value AS value
        FROM tensors AS t, json_each(t."values") AS j
        WHERE t."values" IS NOT NULL;
      CREATE VIEW model_weights AS
        SELECT m.name AS model, w.key, w.kind, w.position, w.value
        FROM models AS m JOIN weights AS w ON w.snapshot_id = m.snapshot_id;
      CREATE VIEW run_metrics AS
        SELECT r.id AS run_id, r.name AS run, e.epoch, e.metric, e.value
        FROM runs AS r JOIN epochs AS e ON e.run_id = r.id;
    `);
  },
  // 3: every tensor stored once. The JSON copy of version 2 (2.6 times the size of the bytes) goes;
  // the views decode the bytes themselves, with the same columns as before.
  (db) => {
    db.exec(`
      DROP VIEW model_weights;
      DROP VIEW weights;
      ALTER TABLE tensors DROP COLUMN "values";
      ${WEIGHTS_VIEWS_SQL}
    `);
  },
  // 4: run ids are never reused. INTEGER PRIMARY KEY hands out max(id) + 1, so deleting the latest
  // run gave its id to the next one: a script or a note that names "run 7" would then mean another
  // run. The highest id ever given is kept here, raised by every insert (raw SQL ones too).
  (db) => {
    db.exec(`
      CREATE TABLE run_ids (last INTEGER NOT NULL);
      INSERT INTO run_ids (last) SELECT COALESCE(MAX(id), 0) FROM runs;
      CREATE TRIGGER run_ids_advance AFTER INSERT ON runs BEGIN
        UPDATE run_ids SET last = MAX(last, NEW.id);
      END;
    `);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** PRAGMA application_id of a store ("nnts" in ASCII): how a file is recognised as one before anything is written to it. */
export const APPLICATION_ID = 0x6e6e7473;

/**
 * Brings the file to `target` (the latest by default) and stamps it with APPLICATION_ID. The version
 * is read and bumped inside one IMMEDIATE transaction (a savepoint when the caller already holds
 * one), so two processes never run the same migration.
 */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let version = current; version < target; version++) MIGRATIONS[version]!(db);
    if (current < target) db.pragma(`user_version = ${target}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
  }).immediate();
}
