import type { DType, RandomGenerator } from '@nnts/tensor';
import { ValueError, assertDType, assertFiniteNumber, assertRandomGenerator } from '@nnts/tensor';
import { assertInitializer } from './initializers';
import type { BuildContext } from './layer';

/**
 * The checks every layer that owns weights (Dense, the convolutions, Embedding, the recurrent layers)
 * makes of the options they share: penalties, dtype, generator and initialisers, each refused with
 * the option's name and value.
 */
export function assertWeightOptions(
  owner: string,
  options: { readonly l1: number; readonly l2: number; readonly dtype?: DType | undefined; readonly random?: RandomGenerator | undefined },
  initializers: Readonly<Record<string, unknown>>,
): void {
  for (const [name, value] of [['l1', options.l1], ['l2', options.l2]] as const) {
    assertFiniteNumber(owner, name, value);
    if (value < 0) throw new ValueError(`${owner}: ${name} must be >= 0, got ${value}`);
  }
  if (options.dtype !== undefined) assertDType(options.dtype);
  if (options.random !== undefined) assertRandomGenerator(owner, 'random', options.random);
  for (const [name, initializer] of Object.entries(initializers)) assertInitializer(owner, name, initializer);
}

/**
 * The generator a layer's initial values are drawn from: its own, else the model's; an error saying
 * how to give one when the initialisers draw at random and there is none.
 */
export function drawingGenerator(kind: string, own: RandomGenerator | undefined, context: BuildContext, drawsAtRandom: boolean, what = 'weights'): RandomGenerator | undefined {
  const random = own ?? context.random;
  if (random === undefined && drawsAtRandom) {
    throw new ValueError(`${kind}: draws its initial ${what} at random: give the model a seed (new Sequential(layers, { seed: 42, ... })) or the layer a generator ({ random: new RandomGenerator(42) })`);
  }
  return random;
}
