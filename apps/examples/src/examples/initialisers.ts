import type { Distribution, GainActivation } from '@nnts/layers';
import { xavierHe } from '@nnts/layers';
import { RandomGenerator, std } from '@nnts/tensor';
import { histogramChart } from '@nnts/report';
import type { Example, Figures } from '../example';

export const initialisersExample: Example = {
  name: 'initialisers', seedFile: '000', quick: true,
  title: 'Xavier and He initialisation',
  description: "Draws of the seed's XavierHe initialiser for a 1000 x 1 layer, normal and uniform, with the gain of each activation.",
  async run(context) {
    const random = new RandomGenerator(context.seed);
    const figures: Figures = {};
    for (const distribution of ['normal', 'uniform'] as Distribution[]) {
      const values: { value: number; series: string }[] = [];
      for (const activation of ['sigmoid', 'tanh', 'relu'] as GainActivation[]) {
        const w = xavierHe(distribution, activation).create([1000, 1], 1000, 1, 'float64', random);
        const deviation = std(w).item();
        figures[`${distribution}${activation[0]!.toUpperCase()}${activation.slice(1)}Std`] = Number(deviation.toFixed(4));
        context.log(`${distribution.padEnd(7)} ${activation.padEnd(7)} std ${deviation.toFixed(4)}`);
        for (const value of w.data) values.push({ value, series: `${activation} (std ${deviation.toFixed(3)})` });
      }
      await context.chart(`${distribution}`, `${distribution} draws by activation`, histogramChart(values, { title: 'weight' }));
    }
    return figures;
  },
};
