export type { ModelSummary, RunStatus, RunSummary } from './store';
export { DEFAULT_STORE_PATH, Store } from './store';
export type { RecorderOptions } from './recorder';
export { Recorder } from './recorder';
export type { CheckpointRetention, CheckpointState, RestoredCheckpoint } from './checkpoints';
export { SCHEMA_VERSION } from './schema';
export { decodeSafetensors, encodeSafetensors, exportModel, importModel } from './safetensors';
export { RunNotFoundError, StoreError } from './errors';
export { DiskFullError } from './sqlite-errors';
