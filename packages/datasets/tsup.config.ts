import base from '@nnts/tsconfig/tsup';
import { defineConfig } from 'tsup';

// The shared build, plus shims so the CommonJS build can locate the bundled data files too.
export default defineConfig({ ...base, shims: true });
