// pnpm --filter @nnts/activations table: the values and derivatives of every activation on
// linspace(-6, 6), the numbers behind the seed tutorial's curves.
import { linspace } from '@nnts/tensor';
import type { Activation } from '@nnts/activations';
import { ELU, GELU, LeakyReLU, Linear, ReLU, SiLU, Sigmoid, Softmax, Softplus, Tanh } from '@nnts/activations';

const count = Number(process.argv[2] ?? 13);
const z = linspace(-6, 6, count, { dtype: 'float64' });
const activations: Activation[] = [
  new Sigmoid(), new Tanh(), new ReLU(), new LeakyReLU({ alpha: 0.1 }), new ELU({ alpha: 1 }),
  new GELU(), new SiLU(), new Softplus(), new Linear(),
];

function print(title: string, columns: { label: string; values: ArrayLike<number> }[]): void {
  const width = Math.max(11, ...columns.map((c) => c.label.length));
  console.log(`\n${title}`);
  console.log(['z'.padStart(6), ...columns.map((c) => c.label.padStart(width))].join(' '));
  for (let i = 0; i < z.size; i++) {
    console.log([z.data[i]!.toFixed(2).padStart(6), ...columns.map((c) => c.values[i]!.toFixed(6).padStart(width))].join(' '));
  }
}

const label = (a: Activation): string => (a instanceof LeakyReLU || a instanceof ELU ? `${a.name}(${a.alpha})` : a.name);
print('values f(z)', activations.map((a) => ({ label: label(a), values: a.forward(z).data })));
print("derivatives f'(z)", activations.map((a) => ({ label: label(a), values: a.derivative(z).data })));

// Softmax acts on whole rows: one row of logits z, its probabilities and the diagonal of its Jacobian.
const softmax = new Softmax();
const row = linspace(-6, 6, 5, { dtype: 'float64' });
console.log(`\nsoftmax of the row ${Array.from(row.data).join(', ')}:`);
console.log(`  probabilities   ${Array.from(softmax.forward(row).data, (v) => v.toExponential(4)).join('  ')}`);
console.log(`  ∂a_i/∂z_i       ${Array.from(softmax.derivative(row).data, (v) => v.toExponential(4)).join('  ')}`);
