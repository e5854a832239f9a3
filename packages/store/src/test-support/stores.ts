// What the store's test files share: stores opened for a test are closed after it, and fresh
// directories for their files. Only tests import this file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Store } from '../store';

/** `open(path)` (':memory:' by default) and `directory()` for one test file; registers the closing hook. */
export function storesForTests(prefix: string): { open: (path?: string) => Store; directory: () => string } {
  const opened: Store[] = [];
  afterEach(() => {
    for (const store of opened.splice(0)) if (store.db.open) store.close();
  });
  return {
    open: (path = ':memory:') => {
      const store = Store.open(path);
      opened.push(store);
      return store;
    },
    directory: () => mkdtempSync(join(tmpdir(), prefix)),
  };
}
