// The standard normal distribution, for GELU. JavaScript has no Math.erf, and the usual 7-digit
// approximations are not accurate enough for a gradient check, so these are computed to about 1e-15.

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) for |x| < 3 by the series e^{-x²}·2/√π·Σ 2ⁿx^{2n+1}/(1·3···(2n+1)): all terms positive, no cancellation. */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x * x)) * sum;
}

/** erfc(x) for x >= 2 by its continued fraction, evaluated from the bottom. */
function erfcContinuedFraction(x: number): number {
  let fraction = 0;
  for (let n = 60; n >= 1; n--) fraction = n / 2 / (x + fraction);
  return Math.exp(-x * x) / SQRT_PI / (x + fraction);
}

/** The complementary error function 1 - erf(x), accurate in the far tails where 1 - erf loses everything. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x >= 2) return x > 27 ? 0 : erfcContinuedFraction(x);
  if (x <= -2) return 2 - erfc(-x);
  return 1 - erfSeries(x);
}

/** The standard normal cumulative distribution Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** The standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}
