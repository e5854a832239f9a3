#!/usr/bin/env node
// The `nnts` command. A committed launcher rather than dist/cli.js itself: package managers link bins
// at install time, before anything in a fresh clone is built, and warn when the target is missing.
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('cli.js')) {
    console.error('nnts: @nnts/store is not built yet; in the repository, run pnpm build first');
    process.exit(1);
  }
  throw error;
});
