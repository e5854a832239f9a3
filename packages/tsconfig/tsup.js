import { defineConfig } from 'tsup';

// Every package builds the same way: its one public entry, as ESM and CJS, with .d.ts.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
