// The harness every layer's tests share (as Keras's layer test harness): the output shape a layer
// announces is the one it produces, backward agrees with finite differences in float64, and the
// config rebuilds an equal layer. Only tests import this file.
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, numericalGradient, relativeError, tensor } from '@nnts/tensor';
import { expect } from 'vitest';
import { layerFromConfig } from '../from-config';
import type { ForwardOptions, Layer } from '../layer';

/**
 * Checks dL/dx and every parameter's gradient against central differences of L = Σ g·forward(x),
 * whose gradient is exactly what backward(g) computes. Relative error below 1e-6 (norm-based).
 */
export function gradientCheck(layer: Layer, x: Tensor, tolerance = 1e-6, options: ForwardOptions = {}): void {
  const forwardOptions = { ...options, training: true };
  const out = layer.forward(x, forwardOptions);
  const g = new RandomGenerator(99).normal(out.shape, 0, 1, { dtype: 'float64' });
  const loss = (): number => {
    const y = layer.forward(x, forwardOptions);
    let s = 0;
    for (let i = 0; i < y.size; i++) s += g.data[i]! * y.data[i]!;
    return s;
  };
  layer.forward(x, forwardOptions);
  const dx = tensor(layer.backward(g).data, { shape: x.shape });
  const analytic = layer.parameters().map((p) => tensor(p.gradient.data, { shape: p.gradient.shape }));
  expect(relativeError(dx, numericalGradient(loss, x)), 'input gradient').toBeLessThan(tolerance);
  layer.parameters().forEach((p, i) => expect(relativeError(analytic[i]!, numericalGradient(loss, p.value)), p.name).toBeLessThan(tolerance));
}

/** forward gives [batch, ...outputShape(sample)], for a batch of x's shape. */
export function expectOutputShape(layer: Layer, x: Tensor): void {
  expect(layer.forward(x).shape).toEqual([x.shape[0], ...layer.outputShape(x.shape.slice(1))]);
}

/** The config survives JSON, and rebuilds a layer with the same config (and, built, the same parameter shapes). */
export function expectConfigRoundTrip(layer: Layer): void {
  const config = JSON.parse(JSON.stringify(layer.getConfig()));
  const rebuilt = layerFromConfig(config, new RandomGenerator(1));
  if (layer.inputShape) rebuilt.build(layer.inputShape, { random: new RandomGenerator(1) });
  expect(rebuilt.getConfig()).toEqual(layer.getConfig());
  expect(rebuilt.parameters().map((p) => p.value.shape)).toEqual(layer.parameters().map((p) => p.value.shape));
}
