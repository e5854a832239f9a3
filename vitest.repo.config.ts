import { defineConfig } from 'vitest/config';

// Checks of the repository as a whole (package layering, determinism, the packed packages as npm
// users get them); each package runs its own tests.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/packaging/global-setup.ts'],
    hookTimeout: 300_000,
  },
});
