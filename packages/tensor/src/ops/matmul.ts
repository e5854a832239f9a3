import { getBackend } from '../backend/active-backend';
import { ShapeError } from '../errors';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';
import type { OutOption } from './out';
import { assertSameDType, resolveOut } from './out';

export interface MatmulOptions extends OutOption {
  /** Use aᵀ: `a` is stored k x m. No copy is made. */
  readonly transposeA?: boolean;
  /** Use bᵀ: `b` is stored n x k. No copy is made. */
  readonly transposeB?: boolean;
}

/**
 * The matrix product op(a) @ op(b) of two 2-D tensors, where op transposes when asked. Backward
 * passes need exactly these: dW = xᵀ·dy is `matmul(x, dy, { transposeA: true })` and
 * dx = dy·Wᵀ is `matmul(dy, w, { transposeB: true })`.
 *
 * @example
 * const y = matmul(x, w); // [batch, in] @ [in, out] -> [batch, out]
 * matmul(x, dy, { transposeA: true, out: dw }); // writes into dw, allocates nothing
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { transposeA = false, transposeB = false } = options;
  if (a.rank !== 2 || b.rank !== 2) {
    throw new ShapeError(`matmul: expected two matrices, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  assertSameDType(a, b, 'matmul');
  const [m, ka] = transposeA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, n] = transposeB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (ka !== kb) {
    const describe = (t: Tensor, transposed: boolean): string => `${formatShape(t.shape)}${transposed ? 'ᵀ' : ''}`;
    throw new ShapeError(
      `matmul: inner dimensions differ: ${describe(a, transposeA)} @ ${describe(b, transposeB)} (${ka} vs ${kb})`,
    );
  }
  const out = resolveOut(options.out, [m, n], a.dtype, 'matmul');
  if (out.data.buffer === a.data.buffer || out.data.buffer === b.data.buffer) {
    throw new ShapeError('matmul: out must not share storage with an operand');
  }
  getBackend().matmul(a.data, b.data, out.data, m, ka, n, transposeA, transposeB);
  return out;
}
