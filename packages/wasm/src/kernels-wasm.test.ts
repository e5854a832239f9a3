import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const clang = spawnSync(process.env.CLANG ?? 'clang', ['--version']).status === 0;

describe('the shipped WebAssembly module', () => {
  // Where clang is installed (CI installs it), the module in src/kernels-wasm.ts must be what csrc/ compiles to.
  it.skipIf(!clang)('is what the C sources compile to', () => {
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    const result = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
