// Runs PyTorch's side of the benchmark tables, cnn.py then lstm.py, with the first Python that has
// torch: $NNTS_PYTHON, Debian's /usr/bin/python3 (python3-torch), then python3 on PATH. Without one,
// says so and succeeds, so `pnpm bench` still runs everywhere. Each script writes its own results
// file, and a failing one does not stop the other: the exit status is non-zero once both have run.
// `node run.mjs lstm --threads 1` runs one script, with the extra arguments.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scripts = { cnn: 'pytorch-cnn.json', lstm: 'pytorch-lstm.json' };
const [chosen, ...extra] = process.argv.slice(2);
if (chosen !== undefined && !(chosen in scripts)) {
  console.error(`usage: node bench/pytorch/run.mjs [${Object.keys(scripts).join('|')} [arguments for that script]]; got ${JSON.stringify(chosen)}`);
  process.exit(2);
}
const candidates = [process.env.NNTS_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
const python = candidates.find((command) => spawnSync(command, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
if (!python) {
  console.log(`PyTorch benchmarks skipped: none of ${candidates.join(', ')} imports torch (Debian: apt install python3-torch, and libopenblas0-pthread for its dense layers)`);
  process.exit(0);
}
const failed = [];
for (const [name, results] of Object.entries(scripts)) {
  if (chosen !== undefined && name !== chosen) continue;
  const script = fileURLToPath(new URL(`${name}.py`, import.meta.url));
  const out = fileURLToPath(new URL(`../results/${results}`, import.meta.url));
  console.log(`\n== ${python} bench/pytorch/${name}.py`);
  const result = spawnSync(python, [script, '--out', out, ...(chosen === undefined ? [] : extra)], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(`${name}.py (exit ${result.status ?? result.signal})`);
}
if (failed.length > 0) {
  console.error(`PyTorch benchmark failed: ${failed.join(', ')}`);
  process.exit(1);
}
