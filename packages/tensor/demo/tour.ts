// A five-minute tour of @nnts/tensor: `pnpm demo` from the repository root runs it.
import {
  RandomGenerator, add, addOnesColumn, arange, argmax, lstsq, matmul, matmulNaive, mean, mul, std, sub, sum,
  tensor, zeros,
} from '@nnts/tensor';

const section = (title: string): void => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`);

section('tensors print like numpy');
const x = tensor([[1, 2, 3], [4, 5, 6]]);
console.log(`${x}`);
console.log(`shape ${JSON.stringify(x.shape)}, dtype ${x.dtype}, size ${x.size}`);
console.log(`arange(2000) = ${arange(2000)}`);

section('broadcasting and reductions');
console.log(`x + [10, 20, 30] broadcasts over rows:\n${add(x, tensor([10, 20, 30]))}`);
console.log(`sum over axis 0 = ${sum(x, { axis: 0 })}`);
console.log(`mean = ${mean(x).item()}, argmax per row = ${argmax(x, { axis: 1 })}`);

section('a seeded generator: same seed, same numbers');
const first = new RandomGenerator(42).normal([3]);
const again = new RandomGenerator(42).normal([3]);
console.log(`seed 42: ${first}\nseed 42: ${again}`);

section('ordinary least squares with the bias trick');
const random = new RandomGenerator(7);
const n = 200;
const feature = random.uniform([n, 1], 0, 10, { dtype: 'float64' });
const noise = random.normal([n, 1], 0, 0.5, { dtype: 'float64' });
const y = add(add(mul(feature, 2), 3), noise); // y = 3 + 2x + noise
const beta = lstsq(addOnesColumn(feature), y);
console.log(`true: intercept 3, slope 2   fitted: intercept ${beta.get(0, 0).toFixed(3)}, slope ${beta.get(1, 0).toFixed(3)}`);
console.log(`residual std ${std(sub(y, matmul(addOnesColumn(feature), beta))).item().toFixed(3)} (noise std 0.5)`);

section('matmul: cache-blocked vs the textbook triple loop');
const [m, k, cols] = [500, 784, 300];
const a = random.uniform([m, k], -1, 1);
const b = random.uniform([k, cols], -1, 1);
const out = zeros([m, cols]);
const time = (work: () => void): number => {
  const start = performance.now();
  work();
  return (performance.now() - start) / 1000;
};
matmul(a, b, { out });
const blocked = time(() => matmul(a, b, { out }));
const naive = time(() => matmulNaive(a.data, b.data, out.data, m, k, cols, false, false));
const gflops = (s: number): string => ((2 * m * k * cols) / s / 1e9).toFixed(2);
console.log(`${m}x${k} @ ${k}x${cols} float32: blocked ${gflops(blocked)} GFLOP/s, naive ${gflops(naive)} GFLOP/s`);
console.log('\nNext: `pnpm test` runs every test, `pnpm bench` measures the kernels.');
