// Runs one benchmark command once per backend, each in a process of its own (a backend is chosen once
// per process): NNTS_BACKEND=native, then wasm, then js. NNTS_BENCH_BACKENDS=js (or a list, e.g. wasm,js) runs just those.
// Usage, from a package: node ../../bench/per-backend.mjs tsx bench/matmul.bench.ts
import { spawnSync } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node bench/per-backend.mjs <command> [args...]');
  process.exit(2);
}
const backends = (process.env.NNTS_BENCH_BACKENDS ?? 'native,wasm,js').split(',').filter(Boolean);
let failed = false;
for (const backend of backends) {
  console.log(`\n== ${command} ${args.join(' ')}  (NNTS_BACKEND=${backend})`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, NNTS_BACKEND: backend } });
  if (result.status !== 0) {
    console.error(`the ${backend} run failed (exit ${result.status ?? result.signal}); NNTS_BENCH_BACKENDS=js skips the native backend where it does not build`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
