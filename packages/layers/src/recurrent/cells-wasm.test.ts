// The wasm backend's recurrent kernels give the bits of the TypeScript loops in cells.ts (the ones it
// routes to the module, and the ones it leaves to the loops), and so an LSTM or GRU layer in float64
// (whose products the wasm backend also leaves to TypeScript) gives the TypeScript backend's bits.
import type { FloatArray, Tensor } from '@nnts/tensor';
import { RandomGenerator, getBackend, setBackend, wasmBackendStatus } from '@nnts/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { constant } from '../initializers';
import { gruCell, gruCellBackward, lstmCell, lstmCellBackward, swapLeadingAxes } from './cells';
import { GRU } from './gru';
import { LSTM } from './lstm';
import type { Recurrent } from './recurrent';

const initial = getBackend();
afterAll(() => {
  setBackend(initial);
});

const EDGES = [0, -0, 1e-40, 5e-324, 19, -19, 40, -40, 800, -800, 3e38, -3e38, Infinity, -Infinity, NaN];
const same = (a: FloatArray, b: FloatArray): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Runs `compute` on the wasm backend and on the TypeScript one, each on fresh zeroed outputs; returns both sets. */
function onBoth(outputs: () => FloatArray[], compute: (out: FloatArray[]) => void): [FloatArray[], FloatArray[]] {
  const [viaWasm, viaJs] = [outputs(), outputs()];
  setBackend('wasm');
  compute(viaWasm);
  setBackend('js');
  compute(viaJs);
  return [viaWasm, viaJs];
}

describe.skipIf(!wasmBackendStatus().available)('the recurrent cells on the wasm backend', () => {
  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    const random = new RandomGenerator(31);
    const make = (length: number, scale: number, edges: boolean): FloatArray => {
      const data = random.normal([length], 0, scale, { dtype }).data;
      if (edges) EDGES.forEach((edge, i) => (data[(i * 31) % length] = edge));
      return data;
    };
    const zeros = (length: number) => (): FloatArray[] => [dtype === 'float64' ? new Float64Array(length) : new Float32Array(length)];

    it.each([[128, 128], [9, 7]])('give the TypeScript loops\' bits, %i rows of %i units', (rows, units) => {
      for (const [scale, edges] of [[2, false], [12, true]] as const) {
        const [lstmGates, gruGates, state] = [rows * 4 * units, rows * 3 * units, rows * units];
        const [xw, hu, cPrev] = [make(lstmGates, scale, edges), make(lstmGates, scale, edges), make(state, scale, edges)];
        const lstmOut = (): FloatArray[] => [...zeros(lstmGates)(), ...zeros(state)(), ...zeros(state)(), ...zeros(state)()];
        const [forwardWasm, forwardJs] = onBoth(lstmOut, ([gates, c, tanhC, h]) => lstmCell(xw, hu, cPrev, gates!, c!, tanhC!, h!, rows, units));
        forwardWasm.forEach((out, k) => expect(same(out, forwardJs[k]!), `lstmCell output ${k}, scale ${scale}`).toBe(true));
        const [dh, dc] = [make(state, 1, edges), make(state, 1, edges)];
        const [backWasm, backJs] = onBoth(() => [dc.slice(), ...zeros(lstmGates)()], ([dcCopy, dz]) => lstmCellBackward(forwardJs[0]!, cPrev, forwardJs[2]!, dh, dcCopy!, dz!, rows, units));
        backWasm.forEach((out, k) => expect(same(out, backJs[k]!), `lstmCellBackward output ${k}, scale ${scale}`).toBe(true));

        const [gxw, ghu] = [make(gruGates, scale, edges), make(gruGates, scale, edges)];
        const [gruWasm, gruJs] = onBoth(() => [...zeros(gruGates)(), ...zeros(state)()], ([gates, h]) => gruCell(gxw, ghu, cPrev, gates!, h!, rows, units));
        gruWasm.forEach((out, k) => expect(same(out, gruJs[k]!), `gruCell output ${k}, scale ${scale}`).toBe(true));
        const [gruBackWasm, gruBackJs] = onBoth(() => [...zeros(gruGates)(), ...zeros(gruGates)(), ...zeros(state)()], ([dxw, dhu, dhPrev]) => gruCellBackward(gruJs[0]!, ghu, cPrev, dh, dxw!, dhu!, dhPrev!, rows, units));
        gruBackWasm.forEach((out, k) => expect(same(out, gruBackJs[k]!), `gruCellBackward output ${k}, scale ${scale}`).toBe(true));

        const [swapWasm, swapJs] = onBoth(zeros(lstmGates), ([out]) => swapLeadingAxes(xw, out!, rows, 4, units));
        expect(same(swapWasm[0]!, swapJs[0]!), `swapLeadingAxes, scale ${scale}`).toBe(true);
      }
    });
  });

  it.each([
    ['LSTM', (seed: number): Recurrent => new LSTM({ units: 7, returnSequences: true, dtype: 'float64', biasInitializer: constant(0.1), random: new RandomGenerator(seed) })],
    ['GRU', (seed: number): Recurrent => new GRU({ units: 7, returnSequences: true, dtype: 'float64', biasInitializer: constant(0.1), random: new RandomGenerator(seed) })],
  ])('an %s layer in float64 gives the TypeScript backend\'s bits, forward and backward', (_name, make) => {
    const x = new RandomGenerator(5).normal([6, 11, 5], 0, 1, { dtype: 'float64' });
    const gradOutput = new RandomGenerator(6).normal([6, 11, 7], 0, 1, { dtype: 'float64' });
    const run = (backend: 'wasm' | 'js'): FloatArray[] => {
      setBackend(backend);
      const layer = make(3);
      const out = layer.forward(x);
      const dx = layer.backward(gradOutput);
      return [out, dx, ...layer.parameters().map((p) => p.gradient)].map((t: Tensor) => t.data.slice());
    };
    const [viaWasm, viaJs] = [run('wasm'), run('js')];
    expect(viaWasm.length).toBe(5);
    viaWasm.forEach((data, k) => expect(same(data, viaJs[k]!), `output, input gradient, then each parameter's gradient: ${k}`).toBe(true));
  });
});
