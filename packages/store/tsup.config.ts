import base from '@nnts/tsconfig/tsup';
import { defineConfig } from 'tsup';

// The shared build, plus the `nnts` command line as a second bundle (a bin, not an import entry).
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/cli.ts'] });
