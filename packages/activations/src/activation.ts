import type { OutOption, Tensor } from '@nnts/tensor';
import { ShapeError, formatShape, getBackend, resolveOut } from '@nnts/tensor';

/** What `getConfig()` returns: a stable name plus the options, plain JSON. */
export interface ActivationConfig {
  readonly name: string;
  readonly [option: string]: string | number;
}

/**
 * An activation a = f(z), applied to a layer's pre-activations z.
 *
 * - `forward(z)`: the values a.
 * - `derivative(z)`: da/dz elementwise (the seed's `pr`), what the tutorial plots. For softmax, whose
 *   outputs depend on a whole row, it is the diagonal of the Jacobian.
 * - `backward(gradOutput, input, output)`: dL/dz from dL/da, given the z and a of the forward pass.
 *   Elementwise activations multiply by f'(z); softmax applies its Jacobian row by row in O(k).
 */
export interface Activation {
  readonly name: string;
  forward(z: Tensor, options?: OutOption): Tensor;
  derivative(z: Tensor): Tensor;
  backward(gradOutput: Tensor, input: Tensor, output: Tensor, options?: OutOption): Tensor;
  getConfig(): ActivationConfig;
}

export function assertBackwardShapes(name: string, gradOutput: Tensor, input: Tensor, output: Tensor): void {
  if (sameShape(gradOutput.shape, input.shape) && sameShape(input.shape, output.shape)) return;
  const shapes = [gradOutput.shape, input.shape, output.shape].map(formatShape);
  if (shapes[0] !== shapes[1] || shapes[1] !== shapes[2]) {
    throw new ShapeError(`${name}.backward: gradOutput ${shapes[0]}, input ${shapes[1]} and output ${shapes[2]} must have one shape`);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The shared machinery of activations that act on each element alone: subclasses give the value and
 * the slope for one number, this class runs the loops. Those loops are the reference; a backend with
 * a fused kernel for this activation's `name` (the native one has relu, leakyRelu, elu, sigmoid, tanh
 * and linear) runs it instead, computing the same values.
 */
export abstract class ElementwiseActivation implements Activation {
  abstract readonly name: string;

  /** The one number a backend kernel needs besides the data (LeakyReLU's and ELU's alpha). */
  kernelParameter(): number {
    return 0;
  }

  /** f(z) for one number. */
  protected abstract value(z: number): number;

  /** f'(z) for one number; `a` is f(z), passed so sigmoid and tanh need not recompute it. */
  protected abstract slope(z: number, a: number): number;

  forward(z: Tensor, options: OutOption = {}): Tensor {
    const out = resolveOut(options.out, z.shape, z.dtype, `${this.name}.forward`);
    if (getBackend().activation?.(this.name, z.data, out.data, this.kernelParameter())) return out;
    const x = z.data;
    const y = out.data;
    for (let i = 0; i < x.length; i++) y[i] = this.value(x[i]!);
    return out;
  }

  derivative(z: Tensor): Tensor {
    const out = resolveOut(undefined, z.shape, z.dtype, `${this.name}.derivative`);
    for (let i = 0; i < z.size; i++) {
      const v = z.data[i]!;
      out.data[i] = this.slope(v, this.value(v));
    }
    return out;
  }

  backward(gradOutput: Tensor, input: Tensor, output: Tensor, options: OutOption = {}): Tensor {
    assertBackwardShapes(this.name, gradOutput, input, output);
    const out = resolveOut(options.out, input.shape, input.dtype, `${this.name}.backward`);
    if (getBackend().activationBackward?.(this.name, gradOutput.data, input.data, output.data, out.data, this.kernelParameter())) return out;
    const g = gradOutput.data;
    const z = input.data;
    const a = output.data;
    const dz = out.data;
    for (let i = 0; i < dz.length; i++) dz[i] = g[i]! * this.slope(z[i]!, a[i]!);
    return out;
  }

  getConfig(): ActivationConfig {
    return { name: this.name };
  }
}
