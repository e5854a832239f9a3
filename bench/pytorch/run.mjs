// Runs cnn.py (PyTorch's figures for the CNN table) with the first Python that has torch: $NNTS_PYTHON,
// Debian's /usr/bin/python3 (python3-torch), then python3 on PATH. Without one, says so and succeeds,
// so `pnpm bench` still runs everywhere. Extra arguments go to cnn.py.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('cnn.py', import.meta.url));
const out = fileURLToPath(new URL('../results/pytorch-cnn.json', import.meta.url));
const candidates = [process.env.NNTS_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
const python = candidates.find((command) => spawnSync(command, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
if (!python) {
  console.log(`PyTorch CNN benchmark skipped: none of ${candidates.join(', ')} imports torch (Debian: apt install python3-torch, and libopenblas0-pthread for its dense layers)`);
  process.exit(0);
}
const result = spawnSync(python, [script, '--out', out, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
