import type Database from 'better-sqlite3';
import type { DType, Tensor } from '@nnts/tensor';
import type { Sequential } from '@nnts/train';
import { StoreError } from './errors';
import { bytesToTensor, tensorToBytes } from './tensor-bytes';

export type TensorKind = 'parameter' | 'buffer' | 'optimizer';

export interface StoredTensor {
  readonly key: string;
  readonly kind: TensorKind;
  readonly tensor: Tensor;
}

/** Writes a set of tensors as one snapshot; call inside a transaction. */
export function writeSnapshot(db: Database.Database, tensors: readonly StoredTensor[]): number {
  const now = new Date().toISOString();
  const id = Number(db.prepare('INSERT INTO snapshots (created_at) VALUES (?)').run(now).lastInsertRowid);
  const insert = db.prepare('INSERT INTO tensors (snapshot_id, key, kind, dtype, shape, data) VALUES (?, ?, ?, ?, ?, ?)');
  for (const { key, kind, tensor } of tensors) insert.run(id, key, kind, tensor.dtype, JSON.stringify(tensor.shape), tensorToBytes(tensor));
  return id;
}

export function readSnapshot(db: Database.Database, snapshotId: number): StoredTensor[] {
  const rows = db.prepare('SELECT key, kind, dtype, shape, data FROM tensors WHERE snapshot_id = ? ORDER BY rowid').all(snapshotId) as {
    key: string; kind: TensorKind; dtype: DType; shape: string; data: Buffer;
  }[];
  return rows.map((row) => ({ key: row.key, kind: row.kind, tensor: bytesToTensor(row.data, row.dtype, JSON.parse(row.shape), row.key) }));
}

/** The parameters and buffers of a model, keyed as the model keys them. */
export function modelTensors(model: Sequential): StoredTensor[] {
  return [
    ...model.namedParameters().map(({ key, parameter }) => ({ key, kind: 'parameter' as const, tensor: parameter.value })),
    ...model.namedBuffers().map(({ key, value }) => ({ key, kind: 'buffer' as const, tensor: value })),
  ];
}

/**
 * Copies stored parameters and buffers into a model. Every tensor is checked (present, same shape
 * and dtype) before any is copied, so a snapshot that does not fit changes nothing.
 */
export function applyToModel(model: Sequential, stored: readonly StoredTensor[], source: string): void {
  const byKey = new Map(stored.map((s) => [s.key, s.tensor]));
  const targets = modelTensors(model);
  for (const { key, tensor } of targets) {
    const saved = byKey.get(key);
    if (!saved) throw new StoreError(`${source}: no tensor '${key}' for this architecture (stored: ${[...byKey.keys()].join(', ')})`);
    if (saved.dtype !== tensor.dtype || saved.shape.length !== tensor.shape.length || saved.shape.some((d, i) => d !== tensor.shape[i])) {
      throw new StoreError(`${source}: '${key}' is stored as ${saved.dtype} [${saved.shape.join(', ')}] but the architecture needs ${tensor.dtype} [${tensor.shape.join(', ')}]`);
    }
  }
  for (const { key, tensor } of targets) tensor.copyFrom(byKey.get(key)!);
}

/** Deletes snapshots no model or checkpoint refers to any more (their tensors go with them). */
export function deleteOrphanSnapshots(db: Database.Database): void {
  db.exec(`DELETE FROM snapshots WHERE id NOT IN (SELECT snapshot_id FROM models) AND id NOT IN (SELECT snapshot_id FROM checkpoints)`);
}
