import { getBackend } from '../backend/active-backend';
import { ShapeError } from '../errors';
import { assertKnownOptions } from '../options';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';
import type { OutOption } from './out';
import { assertSameDType, resolveOutMatrix } from './out';

const MATMUL_OPTIONS = ['out', 'transposeA', 'transposeB', 'bias'];

export interface MatmulOptions extends OutOption {
  /** Use aᵀ: `a` is stored k x m. No copy is made. */
  readonly transposeA?: boolean;
  /** Use bᵀ: `b` is stored n x k. No copy is made. */
  readonly transposeB?: boolean;
  /** A vector of n values added to every row of the product: x·W + b in one call. */
  readonly bias?: Tensor;
}

/**
 * The matrix product op(a) @ op(b) of two 2-D tensors, where op transposes when asked. Backward
 * passes need exactly these: dW = xᵀ·dy is `matmul(x, dy, { transposeA: true })` and
 * dx = dy·Wᵀ is `matmul(dy, w, { transposeB: true })`.
 *
 * @example
 * const y = matmul(x, w); // [batch, in] @ [in, out] -> [batch, out]
 * matmul(x, dy, { transposeA: true, out: dw }); // writes into dw, allocates nothing
 * matmul(x, w, { bias: b, out: y }); // y = x·w + b
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  assertKnownOptions('matmul', options, MATMUL_OPTIONS);
  const { transposeA = false, transposeB = false } = options;
  if (a.rank !== 2 || b.rank !== 2) {
    throw new ShapeError(`matmul: expected two matrices, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  assertSameDType(a, b, 'matmul');
  const m = a.shape[transposeA ? 1 : 0]!;
  const ka = a.shape[transposeA ? 0 : 1]!;
  const kb = b.shape[transposeB ? 1 : 0]!;
  const n = b.shape[transposeB ? 0 : 1]!;
  if (ka !== kb) {
    const describe = (t: Tensor, transposed: boolean): string => `${formatShape(t.shape)}${transposed ? 'ᵀ' : ''}`;
    throw new ShapeError(
      `matmul: inner dimensions differ: ${describe(a, transposeA)} @ ${describe(b, transposeB)} (${ka} vs ${kb})`,
    );
  }
  const out = resolveOutMatrix(options.out, m, n, a.dtype, 'matmul');
  if (out.data.buffer === a.data.buffer || out.data.buffer === b.data.buffer) {
    throw new ShapeError('matmul: out must not share storage with an operand');
  }
  const { bias } = options;
  if (bias) {
    if (bias.rank !== 1 || bias.shape[0] !== n) throw new ShapeError(`matmul: bias ${formatShape(bias.shape)} must be a vector of ${n} values, one per output column`);
    assertSameDType(a, bias, 'matmul');
    if (out.data.buffer === bias.data.buffer) throw new ShapeError('matmul: out must not share storage with the bias');
  }
  getBackend().matmul(a.data, b.data, out.data, m, ka, n, transposeA, transposeB, bias ? bias.data : null);
  return out;
}
