// Backend choice is read once per process, so each case runs in a child process on the built package.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nativeBackendStatus } from './active-backend';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const script = `import('@nnts/tensor').then((t) => { t.matmul(t.ones([2, 2]), t.ones([2, 2])); t.zeros([1]); console.log(t.getBackend().name); })`;

function run(env: Record<string, string>, cwd = packageRoot): { status: number | null; stdout: string; stderr: string } {
  // pnpm sets NODE_PATH to its store for scripts, which would let the copy below find @nnts/native anyway.
  const { NNTS_BACKEND: _backend, NODE_PATH: _nodePath, ...rest } = process.env;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { ...rest, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

describe('choosing a backend', () => {
  it('NNTS_BACKEND=js chooses the TypeScript backend without a word', () => {
    const { stdout, stderr } = run({ NNTS_BACKEND: 'js' });
    expect(stdout).toBe('js');
    expect(stderr).not.toMatch(/NNTS_NATIVE_UNAVAILABLE/);
  });

  it('an unknown NNTS_BACKEND fails on first use, naming it and the known ones', () => {
    const { status, stderr } = run({ NNTS_BACKEND: 'gpu' });
    expect(status).not.toBe(0);
    expect(stderr).toContain('NNTS_BACKEND: unknown backend "gpu" (known: native, wasm, js)');
  });

  it('without NNTS_BACKEND the native backend is used where it loads', () => {
    const { stdout } = run({});
    expect(stdout).toBe(nativeBackendStatus().available ? 'native' : 'js');
  });

  it('where @nnts/native is missing, says so once and uses WebAssembly where it is installed, else TypeScript; NNTS_BACKEND=native then fails with the reason', () => {
    // A copy of the built package with no node_modules beside it: @nnts/native cannot be resolved.
    const directory = mkdtempSync(join(tmpdir(), 'nnts-no-native-'));
    try {
      const copy = join(directory, 'node_modules', '@nnts', 'tensor');
      cpSync(join(packageRoot, 'dist'), join(copy, 'dist'), { recursive: true });
      cpSync(join(packageRoot, 'package.json'), join(copy, 'package.json'));
      const fallback = run({}, directory);
      expect(fallback.stdout).toBe('js');
      expect(fallback.stderr.match(/NNTS_NATIVE_UNAVAILABLE/g)).toHaveLength(1);
      expect(fallback.stderr).toContain('@nnts/native is not installed');
      const demanded = run({ NNTS_BACKEND: 'native' }, directory);
      expect(demanded.status).not.toBe(0);
      expect(demanded.stderr).toContain('NNTS_BACKEND: the native backend is not available: @nnts/native is not installed');
      // With the WebAssembly kernels installed beside it, they are the fallback, and NNTS_BACKEND=wasm chooses them.
      const wasmPackage = fileURLToPath(new URL('../../../wasm', import.meta.url));
      const wasmCopy = join(directory, 'node_modules', '@nnts', 'wasm');
      cpSync(join(wasmPackage, 'dist'), join(wasmCopy, 'dist'), { recursive: true });
      cpSync(join(wasmPackage, 'package.json'), join(wasmCopy, 'package.json'));
      const withWasm = run({}, directory);
      expect(withWasm.stdout).toBe('wasm');
      expect(withWasm.stderr).toContain('using the WebAssembly backend');
      expect(run({ NNTS_BACKEND: 'wasm' }, directory).stdout).toBe('wasm');
      // Kernels handed over before the first op, as a page does, are a choice: no warning about native.
      const registering = `import('@nnts/wasm').then(async (w) => { const t = await import('@nnts/tensor'); t.registerWasmKernels(await w.loadWasmKernelsAsync()); t.zeros([1]); console.log(t.getBackend().name); })`;
      const { NNTS_BACKEND: _backend, NODE_PATH: _nodePath, ...rest } = process.env;
      const registered = spawnSync(process.execPath, ['--input-type=module', '-e', registering], { cwd: directory, env: rest, encoding: 'utf8' });
      expect(registered.stdout.trim()).toBe('wasm');
      expect(registered.stderr).not.toMatch(/NNTS_NATIVE_UNAVAILABLE/);
      // Nor is a program that chooses its backend before the first op told that native is missing.
      const choosing = `import('@nnts/tensor').then((t) => { t.setBackend('js'); t.zeros([1]); console.log(t.getBackend().name); })`;
      const chose = spawnSync(process.execPath, ['--input-type=module', '-e', choosing], { cwd: directory, env: rest, encoding: 'utf8' });
      expect(chose.stdout.trim()).toBe('js');
      expect(chose.stderr).not.toMatch(/NNTS_NATIVE_UNAVAILABLE/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
