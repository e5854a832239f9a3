import { lenet5 } from './examples/cnn';
import { RandomGenerator } from '@nnts/tensor';
import { Adam } from '@nnts/train';
const model = lenet5(1);
const r = new RandomGenerator(2);
const x = r.uniform([64, 28, 28, 1]);
const y = r.integers([64], 0, 10);
const opt = new Adam();
for (let i = 0; i < 20; i++) model.trainStep(x, y, opt);
const N = 300;
const L = model.layers.length;
const fwd = new Array(L).fill(0), bwd = new Array(L).fill(0);
let loss = 0, lossGrad = 0, step = 0, pen = 0;
for (let it = 0; it < N; it++) {
  let out = x;
  for (let i = 0; i < L; i++) { const t = performance.now(); out = model.layers[i]!.forward(out, { training: true }); fwd[i] += performance.now() - t; }
  let t = performance.now(); model.computeLoss(y, out); loss += performance.now() - t;
  t = performance.now(); let g = (model.loss as any).backwardThroughSoftmax(y, out); lossGrad += performance.now() - t;
  t = performance.now(); g = (model.layers[L - 1] as any).backwardFromPreActivation(g, true); bwd[L - 1] += performance.now() - t;
  for (let i = L - 2; i >= 0; i--) { t = performance.now(); if (i === 0) (model.layers[0] as any).backwardParameters(g); else g = model.layers[i]!.backward(g); bwd[i] += performance.now() - t; }
  t = performance.now(); opt.step(model.namedParameters()); step += performance.now() - t;
}
const us = (v: number) => (v / N * 1000).toFixed(0).padStart(5);
let total = 0;
model.layers.forEach((l, i) => { console.log(model.layerNames[i]!.padEnd(14), 'fwd', us(fwd[i]), 'bwd', us(bwd[i])); total += fwd[i] + bwd[i]; });
console.log('loss', us(loss), 'lossGrad', us(lossGrad), 'adam', us(step), 'total', us(total + loss + lossGrad + step));
