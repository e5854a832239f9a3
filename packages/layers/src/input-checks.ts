import type { Shape, Tensor } from '@nnts/tensor';
import { NntsError, ShapeError, formatShape } from '@nnts/tensor';

/**
 * Checks a layer's input is a batch whose samples have `sampleRank` axes (at least that many with
 * `orMore`), e.g. `[batch, height, width, channels]` for a 2-D convolution, described as `expected`.
 */
export function assertBatchRank(layer: string, x: Tensor, sampleRank: number, expected: string, orMore = false): void {
  const ok = orMore ? x.rank >= sampleRank + 1 : x.rank === sampleRank + 1;
  if (!ok) throw new ShapeError(`${layer}: expected a batch ${expected}, got ${formatShape(x.shape)}`);
}

/** Checks a per-sample shape has `rank` axes (`orMore`: at least), for outputShape and build. */
export function assertSampleRank(layer: string, inputShape: Shape, rank: number, expected: string, orMore = false): void {
  const ok = orMore ? inputShape.length >= rank : inputShape.length === rank;
  if (!ok) throw new ShapeError(`${layer}: expects samples ${expected}, got ${formatShape(inputShape)}`);
}

/** backward before forward is a programming error worth a clear message. */
export function assertForwardDone<T>(layer: string, cached: T | null): asserts cached is T {
  if (cached === null) throw new NntsError(`${layer}.backward: call forward first (with training: true when training)`);
}

export function assertGradientShape(layer: string, gradOutput: Tensor, output: Tensor): void {
  const same = gradOutput.rank === output.rank && gradOutput.shape.every((d, i) => d === output.shape[i]);
  if (!same) throw new ShapeError(`${layer}.backward: gradOutput ${formatShape(gradOutput.shape)} does not match the output ${formatShape(output.shape)}`);
}
