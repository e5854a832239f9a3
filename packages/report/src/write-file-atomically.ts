import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ReportError } from './report-error';

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, so a reader (a
 * browser reloading the page) sees the old file or the new one, never half of one. Creates the folder
 * when it is missing. Returns the absolute path.
 */
export function writeFileAtomically(owner: string, file: string, text: string): string {
  const path = resolve(file);
  const directory = dirname(path);
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error) {
    throw new ReportError(`${owner}: cannot create the folder ${directory} for ${path}: ${(error as Error).message}`);
  }
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new ReportError(`${owner}: ${path} is a folder; give the path of the HTML file to write (e.g. ${join(path, 'index.html')})`);
  const temporary = join(directory, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new ReportError(`${owner}: cannot write ${path}: ${(error as Error).message}`);
  }
  return path;
}
