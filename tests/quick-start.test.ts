import { describe, expect, it } from 'vitest';
import { runPnpm } from './packaging/pnpm';

// `pnpm demo` and `pnpm example` build what the examples need first. A newcomer's first screen must be
// the example: pnpm's own two-line echo of the script, then the example's output, no turbo banner.
describe('the example scripts', () => {
  it('print the example first: nothing from the build step when it is cached', () => {
    runPnpm(['exec', 'turbo', 'run', 'build', '--filter=@nnts/examples...', '--output-logs=errors-only']);
    const lines = runPnpm(['run', 'example', '--list']).split('\n');
    const first = lines.findIndex((line) => line.startsWith('examples ('));
    expect(first).toBeGreaterThan(-1);
    // Before it: only pnpm's "> nnts@ example ..." echo and blank lines (and npm's warnings about its own config).
    expect(lines.slice(0, first).filter((line) => line.trim() !== '' && !line.startsWith('> ') && !line.startsWith('npm warn'))).toEqual([]);
  }, 120_000);

  it('leave the build cached whatever NNTS_BACKEND says: the backend is chosen at run time, and only test results depend on it', () => {
    const hashes = (backend: string): Record<string, string> => {
      const plan = JSON.parse(runPnpm(['exec', 'turbo', 'run', 'build', 'test', '--filter=@nnts/tensor', '--dry=json'], { ...process.env, NNTS_BACKEND: backend })) as {
        tasks: { taskId: string; hash: string }[];
      };
      return Object.fromEntries(plan.tasks.map((task) => [task.taskId, task.hash]));
    };
    const native = hashes('native');
    const js = hashes('js');
    expect(js['@nnts/tensor#build']).toBe(native['@nnts/tensor#build']);
    expect(js['@nnts/native#build']).toBe(native['@nnts/native#build']);
    expect(js['@nnts/tensor#test']).not.toBe(native['@nnts/tensor#test']);
  }, 120_000);
});
