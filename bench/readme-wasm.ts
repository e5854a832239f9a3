// The README's table of the WebAssembly backend beside TensorFlow.js's WASM backend, each pair measured
// in one process (packages/wasm/bench/tfjs.bench.ts, packages/train/bench/tfjs-wasm.bench.ts), from
// bench/results/{matmul,train}-tfjs-wasm.json.

interface TfjsInfo { version: string; simd: boolean; threads: boolean }
interface MatmulTfjs { product: string; date: string; loadAverageBefore: number; tfjs: TfjsInfo & { gflops: number }; nnts: { details: string; gflops: number; oneThreadGflops: number }; ratio: number; oneThreadRatio: number }
interface TrainTfjs {
  data: string; batchSize: number; optimizer: string; date: string; loadAverageBefore: number;
  nntsWasm: { details: string | null; secondsPerEpoch: number; timings: number };
  nntsTypeScript: { secondsPerEpoch: number; timings: number };
  tfjsWasm: TfjsInfo & { secondsPerEpoch: number; timings: number };
  speedUpOverTfjsWasm: number; speedUpOverTypeScript: number;
}

const build = (info: TfjsInfo): string => `${info.simd ? 'SIMD' : 'no SIMD'}, ${info.threads ? 'threads' : 'one thread'}`;

/** The section's lines; none when neither comparison has run. */
export function wasmLines(readJson: <T>(name: string) => T | null): string[] {
  const matmul = readJson<MatmulTfjs>('matmul-tfjs-wasm');
  const train = readJson<TrainTfjs>('train-tfjs-wasm');
  if (!matmul && !train) return [];
  const version = matmul?.tfjs.version ?? train?.tfjs.version;
  const lines = [
    '',
    `The WebAssembly backend beside TensorFlow.js ${version}'s WASM backend (\`@tensorflow/tfjs-backend-wasm\`, the build it picks in Node:`,
    `${build((matmul?.tfjs ?? train?.tfjs)!)}), each pair measured in one process:`,
    '',
    '| | nnts WebAssembly | TF.js WASM | nnts faster by |',
    '| --- | --- | --- | --- |',
  ];
  if (matmul) {
    lines.push(
      `| matmul ${matmul.product} float32, GFLOP/s (median of 30) | ${matmul.nnts.gflops} (${matmul.nnts.details}) | ${matmul.tfjs.gflops} | ${matmul.ratio}x |`,
      `| the same on one thread | ${matmul.nnts.oneThreadGflops} | ${matmul.tfjs.gflops} | ${matmul.oneThreadRatio}x |`,
    );
  }
  if (train) {
    lines.push(
      `| one epoch of the seed's MNIST network, batch ${train.batchSize}, SGD, ${train.data} (median of ${train.nntsWasm.timings} and ${train.tfjsWasm.timings}) | ${train.nntsWasm.secondsPerEpoch} s (${train.nntsWasm.details}) | ${train.tfjsWasm.secondsPerEpoch} s | ${train.speedUpOverTfjsWasm}x |`,
      '',
      `In the same process nnts's TypeScript backend takes ${train.nntsTypeScript.secondsPerEpoch} s for that epoch (the median of ${train.nntsTypeScript.timings} batches times the batches):`,
      `WebAssembly is ${train.speedUpOverTypeScript}x faster. Load average before: ${[matmul ? `matmul ${matmul.loadAverageBefore}` : '', `epoch ${train.loadAverageBefore}`].filter(Boolean).join(', ')}.`,
    );
  }
  return lines;
}
