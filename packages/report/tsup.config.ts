// The shared build: ESM + CJS + .d.ts from src/index.ts.
export { default } from '@nnts/tsconfig/tsup';
