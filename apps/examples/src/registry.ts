import type { Example } from './example';
import { activationsExample } from './examples/activations';
import { circlesNnExample } from './examples/circles-nn';
import { fashionCnnExample, lenetExample } from './examples/cnn';
import { demoExample } from './examples/demo';
import { digitsExample } from './examples/digits';
import { housingExample } from './examples/housing';
import { irisExample } from './examples/iris';
import { fashionExample, mnistExample } from './examples/mnist';
import { logisticExample, softmaxExample } from './examples/regression-by-hand';
import { gradientCheckExample, regularisedExample, weightsExample } from './examples/seed-002-003';
import { moonsExample, regressionExample } from './examples/seed-004';
import { charRnnExample, sequenceClassificationExample } from './examples/sequences';
import { spiralExample } from './examples/spiral';
import { initialisersExample } from './examples/initialisers';
import { xorExample } from './examples/xor';

/** Every example, in the order of the seed tutorials. */
export const EXAMPLES: readonly Example[] = [
  demoExample, activationsExample, initialisersExample, logisticExample, softmaxExample, circlesNnExample, irisExample, digitsExample,
  mnistExample, fashionExample, lenetExample, fashionCnnExample, sequenceClassificationExample, charRnnExample, housingExample, spiralExample, xorExample, regularisedExample, gradientCheckExample, weightsExample,
  moonsExample, regressionExample,
];

export function findExample(name: string): Example | undefined {
  return EXAMPLES.find((e) => e.name === name);
}
