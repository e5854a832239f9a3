import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWorkspace } from './layering';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('seeded randomness only', () => {
  it('no library or app source calls Math.random (randomness is a RandomGenerator passed in)', () => {
    const offenders = readWorkspace(root)
      .flatMap((p) => p.files)
      .filter(([path, text]) => !path.endsWith('.test.ts') && /Math\.random\s*\(/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
