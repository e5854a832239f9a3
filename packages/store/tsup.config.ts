import base from '@nnts/tsconfig/tsup';
import { defineConfig } from 'tsup';

// The shared build, plus the `nnts` command line as a second bundle (a bin, not an import entry):
// it gets no types, and its CommonJS copy stays out of the tarball (package.json `files`).
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/cli.ts'], dts: { entry: 'src/index.ts', compilerOptions: { stripInternal: true } } });
