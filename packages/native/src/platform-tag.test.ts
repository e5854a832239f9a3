import { describe, expect, it } from 'vitest';
import { platformTag } from './platform-tag';

describe('platformTag', () => {
  it('is the tag the install and pack scripts use, so the loader finds the binary they chose', async () => {
    const scripts = (await import('../scripts/platform.mjs' as string)) as { platformTag(): string; PREBUILT_TAGS: string[] };
    expect(platformTag()).toBe(scripts.platformTag());
    expect(platformTag()).toMatch(/^[a-z0-9]+-[a-z0-9]+(-glibc|-musl)?$/);
    expect(scripts.PREBUILT_TAGS).toContain('linux-x64-glibc');
  });
});
