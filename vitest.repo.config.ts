import { defineConfig } from 'vitest/config';

// Checks of the repository as a whole (package layering, determinism); each package runs its own tests.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
  },
});
