import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the nnts bin', () => {
  it('launches the built command line', () => {
    const bin = fileURLToPath(new URL('../bin/nnts.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect([result.status, result.stdout]).toEqual([0, expect.stringMatching(/^usage: nnts \[--db PATH\] COMMAND\n  runs list/)]);
  });
});
