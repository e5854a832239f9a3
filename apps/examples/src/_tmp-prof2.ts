import { ReLU } from '@nnts/activations';
import { RandomGenerator, conv2dBackpropFilter, conv2dBackpropInput, getBackend, zeros } from '@nnts/tensor';
const r = new RandomGenerator(2);
const time = (name: string, f: () => void) => { for (let i = 0; i < 20; i++) f(); const t = performance.now(); for (let i = 0; i < 300; i++) f(); console.log(name, ((performance.now() - t) / 300 * 1000).toFixed(0), 'µs'); };
for (const [h, c, f, pad] of [[28, 1, 6, 'same'], [14, 6, 16, 'valid']] as const) {
  const o = pad === 'same' ? h : h - 4;
  const x = r.uniform([64, h, h, c]);
  const dy = r.normal([64, o, o, f]);
  const z = r.normal([64, o, o, f]);
  const out = zeros([64, o, o, f]);
  const dk = zeros([5, 5, c, f]);
  const dx = zeros([64, h, h, c]);
  const kernel = r.normal([5, 5, c, f]);
  const bias = zeros([f]);
  const relu = new ReLU();
  console.log(`-- [64,${h},${h},${c}] -> ${f}`);
  time('relu backward', () => relu.backward(dy, z, z, { out }));
  time('bias sum', () => getBackend().reduce('sum', dy.data, bias.data, 1, 64 * o * o, f));
  time('filter grad', () => conv2dBackpropFilter(x, dy, [5, 5, c, f], { padding: pad, out: dk }));
  time('input grad', () => conv2dBackpropInput(dy, kernel, x.shape, { padding: pad, out: dx }));
}
