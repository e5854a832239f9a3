// Builds the packages an app needs with turbo, printing nothing unless the build fails or takes a
// while: `pnpm demo` and `pnpm example` start with the example, not turbo's banner and task summary.
//   node scripts/build-quietly.mjs @nnts/examples
import { spawn } from 'node:child_process';

const target = process.argv[2];
if (!target) {
  console.error('usage: node scripts/build-quietly.mjs PACKAGE (it and the packages it depends on are built)');
  process.exit(2);
}
const turbo = spawn('turbo', ['run', 'build', `--filter=${target}...`, '--output-logs=errors-only'], { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
turbo.stdout.on('data', (chunk) => (output += chunk));
turbo.stderr.on('data', (chunk) => (output += chunk));
// A cached build takes about a second; a real one (the first run, or after a change) says what it is doing.
const notice = setTimeout(() => console.error(`building ${target} and the packages it uses...`), 3000);
turbo.on('error', (error) => {
  clearTimeout(notice);
  console.error(`could not run turbo: ${error.message}`);
  process.exitCode = 1;
});
turbo.on('close', (code, signal) => {
  clearTimeout(notice);
  if (code === 0) return;
  process.stderr.write(output);
  console.error(`\nbuilding ${target} failed (turbo exited with ${code ?? signal})`);
  process.exitCode = code ?? 1;
});
