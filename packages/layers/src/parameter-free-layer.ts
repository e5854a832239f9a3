import type { Tensor } from '@nnts/tensor';
import type { Parameter } from './layer';

/** What layers without weights or state share: nothing to train, nothing to save, width unchanged. */
export abstract class ParameterFreeLayer {
  parameters(): readonly Parameter[] {
    return [];
  }

  buffers(): readonly { name: string; value: Tensor }[] {
    return [];
  }

  outputFeatures(inputFeatures: number): number {
    return inputFeatures;
  }
}
