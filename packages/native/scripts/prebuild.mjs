// Pack-time script (prepack): puts a prebuilt binary for this platform into prebuilds/<tag>/, so that
// an install there needs no compiler. It reuses build/Release/nnts_native.node when that is newer than
// every source file, else compiles. On a platform that ships no prebuilt (see PREBUILT_TAGS) it does
// nothing, and the tarball compiles at install as before. postpack removes prebuilds/ again, so a
// stale binary never shadows a compile in the repository.
//   node scripts/prebuild.mjs          make it
//   node scripts/prebuild.mjs --clean  remove prebuilds/
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREBUILT_TAGS, platformTag } from './platform.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const prebuilds = join(root, 'prebuilds');
if (process.argv.includes('--clean')) {
  rmSync(prebuilds, { recursive: true, force: true });
  process.exit(0);
}

const tag = platformTag();
if (!PREBUILT_TAGS.includes(tag)) {
  console.log(`@nnts/native: no prebuilt binary is made on ${tag}; installs compile from source`);
  process.exit(0);
}

const built = join(root, 'build', 'Release', 'nnts_native.node');
const sources = [join(root, 'binding.gyp'), ...readdirSync(join(root, 'csrc')).map((file) => join(root, 'csrc', file))];
const fresh = existsSync(built) && sources.every((file) => statSync(file).mtimeMs <= statSync(built).mtimeMs);
if (!fresh) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--from-source'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(built)) {
    console.error('@nnts/native: the prebuilt binary could not be compiled; see build/unavailable.txt');
    process.exit(1);
  }
}
mkdirSync(join(prebuilds, tag), { recursive: true });
copyFileSync(built, join(prebuilds, tag, 'nnts_native.node'));
console.log(`@nnts/native: prebuilds/${tag}/nnts_native.node`);
