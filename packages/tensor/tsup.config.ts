import base from '@nnts/tsconfig/tsup';
import { defineConfig } from 'tsup';

// The shared build, plus shims so the CommonJS build can require the optional native addon too.
export default defineConfig({ ...base, shims: true });
