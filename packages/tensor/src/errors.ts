/**
 * The one error family of the project. Every message says what was received and what was expected,
 * so a user can fix the call without reading the library's source.
 */
export class NntsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit together: the message names the operation and every shape involved. */
export class ShapeError extends NntsError {}

/** Tensors of different dtypes mixed in one operation, or an unknown dtype. */
export class DtypeError extends NntsError {}

/** A value outside what an operation accepts: a bad option, an index out of range, NaN in data. */
export class ValueError extends NntsError {}
