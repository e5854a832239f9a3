import type { Shape } from '@nnts/tensor';
import { BaseLayer } from './base-layer';
import type { Parameter } from './layer';

/** What layers without weights share: nothing to train or save; by default the shape passes through. */
export abstract class ParameterFreeLayer extends BaseLayer {
  parameters(): readonly Parameter[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}
