import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './workspace';

const execFileAsync = promisify(execFile);

/**
 * The problems @arethetypeswrong/cli finds in a packed tarball under its strict profile (node10,
 * node16 from CJS and from ESM, bundler), one line each: the problem's kind and the files or
 * entry point it concerns; empty when none.
 */
export async function typeProblems(tarball: string): Promise<string[]> {
  const attw = join(ROOT, 'node_modules/.bin/attw');
  // attw exits 1 when it finds problems; its JSON report is on stdout either way.
  const { stdout } = await execFileAsync(attw, ['--format', 'json', '--no-definitely-typed', tarball]).catch((error: { stdout?: string }) => {
    if (!error.stdout) throw error;
    return { stdout: error.stdout };
  });
  const report = JSON.parse(stdout) as { analysis: { problems?: readonly AttwProblem[] } };
  return (report.analysis.problems ?? []).map((problem) => {
    const where = [problem.entrypoint, problem.resolutionKind, problem.typesFileName, problem.implementationFileName, problem.fileName];
    return `${problem.kind} ${where.filter((part) => part !== undefined).join(' ')}`;
  });
}

// The fields of attw's problems that say where (each kind has some of them).
interface AttwProblem {
  readonly kind: string;
  readonly entrypoint?: string;
  readonly resolutionKind?: string;
  readonly typesFileName?: string;
  readonly implementationFileName?: string;
  readonly fileName?: string;
}
