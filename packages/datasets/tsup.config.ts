import base from '@nnts/tsconfig/tsup';
import { defineConfig } from 'tsup';

// The shared build, plus shims so the CommonJS build can locate the bundled data files, and load undici, too (both go through import.meta.url).
export default defineConfig({ ...base, shims: true });
