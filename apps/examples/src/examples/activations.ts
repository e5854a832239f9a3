import { ELU, GELU, LeakyReLU, ReLU, SiLU, Sigmoid, Softplus, Tanh } from '@nnts/activations';
import { linspace } from '@nnts/tensor';
import { lineChart } from '@nnts/report';
import type { Example } from '../example';

export const activationsExample: Example = {
  name: 'activations', seedFile: '000', quick: true,
  title: 'Activation functions and their derivatives',
  description: 'Every activation and its derivative on linspace(-6, 6, 1001), as the seed tutorial plots them.',
  async run(context) {
    const z = linspace(-6, 6, 1001, { dtype: 'float64' });
    const activations = [new Sigmoid(), new Tanh(), new ReLU(), new LeakyReLU({ alpha: 0.1 }), new ELU({ alpha: 1 }), new GELU(), new SiLU(), new Softplus()];
    const rows = (f: (a: (typeof activations)[number]) => ArrayLike<number>) =>
      activations.flatMap((a) => Array.from(f(a), (y, i) => ({ x: z.data[i]!, y, series: a.name })));
    await context.chart('values', 'f(z)', lineChart(rows((a) => a.forward(z).data), { x: 'z', y: 'f(z)' }));
    await context.chart('derivatives', "f'(z)", lineChart(rows((a) => a.derivative(z).data), { x: 'z', y: "f'(z)" }));
    const tanh = new Tanh().forward(z);
    const largestTanh = Math.max(...Array.from(tanh.data, Math.abs));
    context.log(`${activations.length} activations; max |tanh(z)| on [-6, 6] = ${largestTanh.toFixed(6)} (the real tanh stays below 1)`);
    return { activations: activations.length, maxAbsTanh: Number(largestTanh.toFixed(6)), sigmoidSlopeAt0: new Sigmoid().derivative(linspace(0, 0, 1, { dtype: 'float64' })).get(0) };
  },
};
