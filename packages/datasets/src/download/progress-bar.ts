import { standardError } from '../node-runtime';

/** Reports download progress: bytes so far and in total (total is null when the server does not say). */
export type ProgressReporter = (received: number, total: number | null) => void;

const MEGABYTE = 1024 * 1024;

/** Where the bar is drawn: structural rather than NodeJS.WriteStream, so the published types need no @types/node. */
export interface TerminalOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** A one-line progress bar on a terminal's stderr for files over 1 MiB, redrawn at most 10 times a second. */
export function terminalProgress(name: string, stream: TerminalOutput = standardError()): ProgressReporter {
  let lastDraw = 0;
  return (received, total) => {
    if (!stream.isTTY || (total !== null && total < MEGABYTE)) return;
    const now = Date.now();
    const done = total !== null && received >= total;
    if (!done && now - lastDraw < 100) return;
    lastDraw = now;
    const mb = (bytes: number): string => (bytes / MEGABYTE).toFixed(1);
    if (total === null) {
      stream.write(`\r${name}  ${mb(received)} MB`);
    } else {
      const fraction = received / total;
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r${name}  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * fraction).toFixed(0).padStart(3)}%  ${mb(received)}/${mb(total)} MB`);
    }
    if (done) stream.write('\n');
  };
}
