import type { OutOption, Tensor } from '@nnts/tensor';
import { ShapeError, getBackend, resolveOut } from '@nnts/tensor';
import type { Activation, ActivationConfig } from './activation';
import { assertBackwardShapes } from './activation';

/**
 * softmax(z)_i = e^{z_i} / Σ_j e^{z_j} over the last axis: each row becomes a probability
 * distribution. The row maximum is subtracted first, so large logits never overflow.
 */
export class Softmax implements Activation {
  readonly name = 'softmax';

  forward(z: Tensor, options: OutOption = {}): Tensor {
    const width = rowWidth(z, 'forward');
    const out = resolveOut(options.out, z.shape, z.dtype, 'softmax.forward');
    const backend = getBackend();
    if (backend.softmax && z.size > 0) {
      backend.softmax(z.data, out.data, z.size / width, width);
      return out;
    }
    const x = z.data;
    const y = out.data;
    for (let start = 0; start < x.length; start += width) {
      let max = -Infinity;
      for (let j = 0; j < width; j++) max = Math.max(max, x[start + j]!);
      let sum = 0;
      for (let j = 0; j < width; j++) {
        const e = Math.exp(x[start + j]! - max);
        y[start + j] = e;
        sum += e;
      }
      for (let j = 0; j < width; j++) y[start + j] /= sum;
    }
    return out;
  }

  /** The diagonal of each row's Jacobian, ∂a_i/∂z_i = a_i(1 - a_i); `backward` uses the full Jacobian. */
  derivative(z: Tensor): Tensor {
    const a = this.forward(z);
    for (let i = 0; i < a.size; i++) a.data[i] = a.data[i]! * (1 - a.data[i]!);
    return a;
  }

  /**
   * dL/dz_i = a_i·(g_i - Σ_j g_j·a_j) per row: the Jacobian diag(a) - a·aᵀ applied to g without ever
   * building the k x k matrix, O(k) per row.
   */
  backward(gradOutput: Tensor, input: Tensor, output: Tensor, options: OutOption = {}): Tensor {
    assertBackwardShapes(this.name, gradOutput, input, output);
    const width = rowWidth(input, 'backward');
    const out = resolveOut(options.out, input.shape, input.dtype, 'softmax.backward');
    const g = gradOutput.data;
    const a = output.data;
    const dz = out.data;
    for (let start = 0; start < a.length; start += width) {
      let dot = 0;
      for (let j = 0; j < width; j++) dot += g[start + j]! * a[start + j]!;
      for (let j = 0; j < width; j++) dz[start + j] = a[start + j]! * (g[start + j]! - dot);
    }
    return out;
  }

  getConfig(): ActivationConfig {
    return { name: this.name };
  }
}

function rowWidth(z: Tensor, method: string): number {
  if (z.rank === 0) throw new ShapeError(`softmax.${method}: expected a vector or a batch of rows, got a scalar`);
  return z.shape[z.rank - 1]!;
}
