import { normalCdf, normalPdf } from '@nnts/activations';

/** The standard normal quantile Φ⁻¹(p), by Newton's method on Φ: for Q-Q plots. */
export function normalQuantile(p: number): number {
  let z = 0;
  for (let i = 0; i < 50; i++) {
    const step = (normalCdf(z) - p) / normalPdf(z);
    z -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  return z;
}
