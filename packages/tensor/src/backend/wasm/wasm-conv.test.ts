import { afterAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend, wasmBackendStatus } from '../active-backend';
import { relativeError } from '../../gradient-check';
import { RandomGenerator } from '../../random';
import type { Tensor } from '../../tensor';
import { tensor } from '../../creation';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, conv2dGeometry } from '../../ops/conv';
import { avgPool2d, avgPool2dBackprop, maxPool2d, maxPool2dBackprop } from '../../ops/pool';
import { jsBackend } from '../js/js-backend';
import type { Padding } from '../../ops/conv-geometry';

const initial = getBackend();
afterAll(() => {
  setBackend(initial);
});

interface Case {
  readonly input: readonly [number, number, number, number];
  readonly kernel: readonly [number, number, number];
  readonly options: { readonly strides?: number | readonly [number, number]; readonly dilationRate?: number | readonly [number, number]; readonly padding?: Padding };
}

// LeNet's two layers, strides, 'same' padding, dilations, one channel, odd sizes, many channels.
const CASES: readonly Case[] = [
  { input: [8, 28, 28, 1], kernel: [5, 5, 6], options: {} },
  { input: [8, 12, 12, 6], kernel: [5, 5, 16], options: {} },
  { input: [3, 9, 7, 3], kernel: [3, 3, 5], options: { strides: 2, padding: 'same' } },
  { input: [2, 11, 13, 2], kernel: [3, 2, 7], options: { dilationRate: [2, 3], padding: 'same' } },
  { input: [2, 10, 10, 4], kernel: [3, 3, 3], options: { strides: [2, 1], dilationRate: [1, 2] } },
  { input: [5, 7, 5, 1], kernel: [1, 1, 1], options: {} },
  { input: [2, 16, 16, 9], kernel: [3, 3, 40], options: { padding: 'same' } },
  { input: [1, 5, 9, 130], kernel: [2, 3, 3], options: { strides: [1, 2], padding: 'same' } },
];

/** The three products of a convolution on the active backend. */
function products(x: Tensor, kernel: Tensor, bias: Tensor, dy: Tensor, c: Case): Tensor[] {
  return [
    conv2d(x, kernel, { ...c.options, bias }),
    conv2dBackpropInput(dy, kernel, x.shape, c.options),
    conv2dBackpropFilter(x, dy, kernel.shape, c.options),
  ];
}

describe.skipIf(!wasmBackendStatus().available)('the WebAssembly backend\'s convolutions and pooling', () => {
  it('convolve as the TypeScript backend does, to float32 rounding: forward with bias, input and filter gradients, across geometries', () => {
    const wasm = setBackend('wasm') && getBackend();
    const random = new RandomGenerator(8);
    for (const c of CASES) {
      const [kh, kw, filters] = c.kernel;
      const x = random.normal([...c.input]);
      const kernel = random.normal([kh, kw, c.input[3], filters]);
      const bias = random.normal([filters]);
      setBackend(jsBackend);
      const dy = random.normal(conv2d(x, kernel, c.options).shape);
      const expected = products(x, kernel, bias, dy, c);
      setBackend(wasm);
      const actual = products(x, kernel, bias, dy, c);
      for (const [i, name] of ['forward', 'input gradient', 'filter gradient'].entries()) {
        expect(actual[i]!.shape, `${name} ${JSON.stringify(c)}`).toEqual(expected[i]!.shape);
        expect(relativeError(actual[i]!, expected[i]!), `${name} ${JSON.stringify(c)}`).toBeLessThan(1e-5);
      }
    }
  });

  it('pool with the TypeScript backend\'s exact bits, forward and backward, and rejects indices outside the input', () => {
    const wasm = setBackend('wasm') && getBackend();
    const random = new RandomGenerator(9);
    for (const c of CASES) {
      const x = random.normal([...c.input]);
      const { dilationRate: _, ...windows } = c.options;
      const options = { ...windows, poolSize: [c.kernel[0], c.kernel[1]] as [number, number] };
      const run = () => {
        const indices = new Int32Array(maxPool2d(x, options).size);
        const max = maxPool2d(x, { ...options, indices });
        const mean = avgPool2d(x, options);
        const dy = new RandomGenerator(10).normal(max.shape);
        return [max, tensor(Array.from(indices)), mean, maxPool2dBackprop(dy, indices, x.shape), avgPool2dBackprop(dy, x.shape, options)];
      };
      setBackend(jsBackend);
      const expected = run();
      setBackend(wasm);
      const actual = run();
      for (const [i, name] of ['max', 'indices', 'mean', 'max gradient', 'mean gradient'].entries()) {
        expect(Array.from(actual[i]!.data), `${name} ${JSON.stringify(c)}`).toEqual(Array.from(expected[i]!.data));
      }
    }
    expect(() => maxPool2dBackprop(tensor([[[[1]]]]), new Int32Array([4]), [1, 2, 2, 1])).toThrow(/index 4 at 0 is outside the input/);
  });

  it('fuses an activation after the convolution (conv2dActivation) with the bits of the convolution and the activation kernel apart, and declines one it has no kernel for', () => {
    const wasm = setBackend('wasm') && getBackend();
    const random = new RandomGenerator(11);
    const x = random.normal([8, 28, 28, 1]);
    const kernel = random.normal([5, 5, 1, 6]);
    const bias = random.normal([6]);
    const geometry = conv2dGeometry('conv2d', x.shape, kernel.shape, { padding: 'same' });
    const plain = conv2d(x, kernel, { bias, padding: 'same' });
    for (const [name, alpha] of [['relu', 0], ['leakyRelu', 0.2], ['sigmoid', 0]] as const) {
      const out = new Float32Array(plain.size);
      const activated = new Float32Array(plain.size);
      expect(wasm.conv2dActivation!(x.data, kernel.data, bias.data, out, geometry, name, alpha, activated), name).toBe(true);
      expect(Array.from(out), name).toEqual(Array.from(plain.data));
      const apart = new Float32Array(plain.size);
      expect(wasm.activation!(name, plain.data, apart, alpha)).toBe(true);
      expect(Array.from(activated), name).toEqual(Array.from(apart));
      if (name === 'relu') expect(Array.from(activated)).toEqual(Array.from(plain.data, (v) => Math.max(0, v)));
    }
    const untouched = new Float32Array(plain.size);
    expect(wasm.conv2dActivation!(x.data, kernel.data, bias.data, untouched, geometry, 'elu', 1, new Float32Array(plain.size))).toBe(false);
    expect(untouched.every((v) => v === 0)).toBe(true);
  });

  it('runs float64 convolutions and pooling on the TypeScript kernels, with their bits', () => {
    const wasm = setBackend('wasm') && getBackend();
    const random = new RandomGenerator(11);
    const x = random.normal([2, 6, 6, 3], 0, 1, { dtype: 'float64' });
    const kernel = random.normal([3, 3, 3, 4], 0, 1, { dtype: 'float64' });
    const run = () => [conv2d(x, kernel, { padding: 'same' }), avgPool2d(x), maxPool2d(x)].map((t) => Array.from(t.data));
    const viaWasm = run();
    setBackend(jsBackend);
    expect(run()).toEqual(viaWasm);
    setBackend(wasm);
  });
});
