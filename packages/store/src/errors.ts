import { NntsError } from '@nnts/tensor';

/** The store cannot do what was asked: not a store file, an unknown model or run, a checkpoint that does not fit. */
export class StoreError extends NntsError {}

/** The run is not in the store: a wrong id, or deleted (perhaps by another connection while it recorded). */
export class RunNotFoundError extends StoreError {}
