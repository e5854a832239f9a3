// Builds the page into dist/: the script bundled by esbuild, the HTML and CSS, and the digits as
// bytes (see src/digits-format.ts).   pnpm --filter @nnts/playground build
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDigits } from '@nnts/datasets';
import { build } from 'esbuild';
import { encodeDigits } from '../src/digits-format';

/** The app's folder. */
export const APP_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));
/** Where `pnpm build` puts the page. */
export const DIST_DIRECTORY = join(APP_DIRECTORY, 'dist');

/** The files of the built page, beside index.html. */
export const PAGE_FILES = ['index.html', 'style.css', 'main.js', 'main.js.map', 'digits.bin'] as const;

/** Builds the page into `outDirectory`, replacing what was there. */
export async function buildPlayground(outDirectory: string = DIST_DIRECTORY): Promise<void> {
  rmSync(outDirectory, { recursive: true, force: true });
  mkdirSync(outDirectory, { recursive: true });
  await build({
    entryPoints: [join(APP_DIRECTORY, 'src', 'main.ts')], outfile: join(outDirectory, 'main.js'),
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', sourcemap: true, logLevel: 'warning',
    // The packages' ESM builds, as tests/browser-bundle.test.ts bundles them: with platform 'browser',
    // an import of a Node built-in anywhere in them fails the build.
    conditions: ['import'], mainFields: ['module', 'main'],
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(APP_DIRECTORY, file), join(outDirectory, file));
  const digits = loadDigits();
  writeFileSync(join(outDirectory, 'digits.bin'), encodeDigits(digits.data.data, digits.target.data));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPlayground();
  const sizes = PAGE_FILES.map((file) => `${file} ${(statSync(join(DIST_DIRECTORY, file)).size / 1024).toFixed(0)} KB`);
  console.log(`built the playground into ${DIST_DIRECTORY}: ${sizes.join(', ')}`);
}
