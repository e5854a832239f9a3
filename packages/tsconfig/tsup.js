import { defineConfig } from 'tsup';

// Every package builds the same way: its one public entry, as ESM and CJS, with .d.ts and .d.cts.
// stripInternal keeps members marked @internal (the store's SQLite connection) out of the published
// types, so consumers need no type package of our dependencies.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
