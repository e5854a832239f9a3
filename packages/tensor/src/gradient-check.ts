import { assertFiniteNumber, assertKnownOptions } from './options';
import { ShapeError } from './errors';
import { formatShape, sameShape } from './shape';
import { Tensor } from './tensor';
import { allocate } from './dtype';

export interface NumericalGradientOptions {
  /** Step of the central difference; 1e-6 suits float64. */
  readonly epsilon?: number;
}

/**
 * dF/dx by central differences, (F(x + h) - F(x - h)) / 2h for each element in turn: the slow,
 * obviously-correct gradient that backpropagation is checked against. Use float64 inputs; float32
 * cannot resolve small steps. `x` is changed during the call and restored before it returns.
 *
 * @example
 * const g = numericalGradient((w) => loss(w), weights);
 * relativeError(g, backpropagated) < 1e-6;
 */
export function numericalGradient(f: (x: Tensor) => number, x: Tensor, options: NumericalGradientOptions = {}): Tensor {
  assertKnownOptions('numericalGradient', options, ['epsilon']);
  const h = options.epsilon ?? 1e-6;
  assertFiniteNumber('numericalGradient', 'epsilon', h);
  const gradient = new Tensor(allocate(x.dtype, x.size), x.shape);
  const data = x.data;
  for (let i = 0; i < data.length; i++) {
    const original = data[i]!;
    data[i] = original + h;
    const plus = f(x);
    data[i] = original - h;
    const minus = f(x);
    data[i] = original;
    gradient.data[i] = (plus - minus) / (2 * h);
  }
  return gradient;
}

/**
 * ‖a − b‖ / ‖a + b‖ (Euclidean norms), the measure of the classic gradient check: below 1e-6 means
 * the two gradients agree to about six digits overall. Unlike an elementwise ratio it is not thrown
 * off by elements where a difference quotient cannot resolve the true value (a saturated sigmoid,
 * whose slope of 1e-22 sits below float64's resolution of σ near 1). Identical zero tensors give 0.
 */
export function relativeError(a: Tensor, b: Tensor): number {
  assertSameShape(a, b, 'relativeError');
  let difference = 0;
  let total = 0;
  for (let i = 0; i < a.size; i++) {
    difference += (a.data[i]! - b.data[i]!) ** 2;
    total += (a.data[i]! + b.data[i]!) ** 2;
  }
  if (Number.isNaN(difference) || Number.isNaN(total)) return Number.NaN;
  return difference === 0 ? 0 : Math.sqrt(difference) / Math.sqrt(total);
}

/**
 * The largest elementwise |a − b| / max(|a|, |b|, floor): the strict measure, for inputs where a
 * difference quotient is accurate to every element. A NaN anywhere gives NaN.
 */
export function maxRelativeError(a: Tensor, b: Tensor, floor = 1e-8): number {
  assertSameShape(a, b, 'maxRelativeError');
  let worst = 0;
  for (let i = 0; i < a.size; i++) {
    const x = a.data[i]!;
    const y = b.data[i]!;
    const error = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), floor);
    if (Number.isNaN(error)) return Number.NaN; // a NaN gradient is never close to anything
    if (error > worst) worst = error;
  }
  return worst;
}

function assertSameShape(a: Tensor, b: Tensor, operation: string): void {
  if (!sameShape(a.shape, b.shape)) throw new ShapeError(`${operation}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ`);
}
