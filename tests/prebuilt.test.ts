import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { userEnvironment } from './packaging/consumer-project';
import { tarballFiles } from './packaging/tarball';

const execFileAsync = promisify(execFile);
const glibc = Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);
const linuxX64 = process.platform === 'linux' && process.arch === 'x64' && glibc;

/**
 * A PATH with node, npm, sh and python3 but no C++ compiler and no make: a machine where node-gyp
 * cannot build. Each tool is linked from where this machine has it.
 */
function pathWithoutCompiler(): string {
  const bin = mkdtempSync(join(tmpdir(), 'nnts-no-compiler-'));
  const find = (tool: string): string | undefined =>
    (process.env.PATH ?? '').split(':').map((directory) => join(directory, tool)).find((file) => existsSync(file));
  for (const tool of ['npm', 'sh']) {
    const found = find(tool);
    if (found) symlinkSync(found, join(bin, tool));
  }
  symlinkSync(process.execPath, join(bin, 'node'));
  // The interpreter itself, not a version manager's shim (which needs the manager on PATH).
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  symlinkSync(python, join(bin, 'python3'));
  return bin;
}

// Linux x64 (glibc) users get the native backend without a compiler: @nnts/native's tarball carries a
// binary made at pack time, which its install script checks and uses.
describe.skipIf(!linuxX64)('@nnts/native on a machine without a C++ compiler', () => {
  const project = mkdtempSync(join(tmpdir(), 'nnts-no-compiler-project-'));
  let environment: NodeJS.ProcessEnv = {};
  let nativeTarball = '';
  let installLog = '';
  const backend = async (): Promise<{ name: string; warning: string }> => {
    const { stdout, stderr } = await execFileAsync('node', ['--input-type=module', '-e', "const t = await import('@nnts/tensor'); console.log(t.getBackend().name);"], { cwd: project, env: environment });
    return { name: stdout.trim(), warning: stderr };
  };
  beforeAll(async () => {
    const packed = inject('packedPackages');
    nativeTarball = packed.find((p) => p.name === '@nnts/native')!.tarball;
    const tensor = packed.find((p) => p.name === '@nnts/tensor')!.tarball;
    environment = { ...userEnvironment(), PATH: pathWithoutCompiler() };
    writeFileSync(join(project, 'package.json'), '{ "name": "no-compiler", "version": "1.0.0", "private": true }\n');
    const { stdout, stderr } = await execFileAsync('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', tensor, nativeTarball], { cwd: project, env: environment });
    installLog = stdout + stderr;
  }, 300_000);
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it('ships the prebuilt binary in the tarball', () => {
    expect(tarballFiles(nativeTarball)).toContain('prebuilds/linux-x64-glibc/nnts_native.node');
  });

  it('installs with no compiler on PATH and runs on the native backend from the prebuilt binary', async () => {
    expect(installLog).toContain('@nnts/native: using the prebuilt binary for linux-x64-glibc');
    expect(existsSync(join(project, 'node_modules/@nnts/native/build/Release/nnts_native.node'))).toBe(false); // nothing compiled
    expect((await backend()).name).toBe('native');
  });

  it('without a fitting prebuilt, says what failed (node-gyp\'s own lines) and how to rebuild with npm or pnpm, and runs on WebAssembly', async () => {
    rmSync(join(project, 'node_modules/@nnts/native/prebuilds'), { recursive: true, force: true });
    await execFileAsync('npm', ['rebuild', '@nnts/native', '--foreground-scripts'], { cwd: project, env: environment });
    const note = readFileSync(join(project, 'node_modules/@nnts/native/build/unavailable.txt'), 'utf8');
    // node-gyp's own lines, indented under the summary, name the missing tool (here make or the compiler).
    expect(note).toMatch(/^ {2}.*(gyp ERR!|not found|No such file).*(make|g\+\+|c\+\+|cc)/m);
    expect(note).toContain('npm rebuild @nnts/native');
    expect(note).toContain('pnpm approve-builds');
    expect(note).not.toContain('--filter');
    // The WebAssembly kernels, tensor's other optional dependency, are what runs then.
    const { name, warning } = await backend();
    expect(name).toBe('wasm');
    expect(warning).toContain('npm rebuild @nnts/native');
    expect(warning).toContain('using the WebAssembly backend');
  }, 120_000);
});
