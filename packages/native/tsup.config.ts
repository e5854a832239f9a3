import base from '@nnts/tsconfig/tsup';
import { defineConfig } from 'tsup';

// The shared build, plus shims so the CommonJS build can find the addon beside the package too.
export default defineConfig({ ...base, shims: true });
