export type Verbosity = 'auto' | 'bar' | 'lines' | 'silent';

/**
 * Where progress goes: process.stdout, a file stream, or anything with `write`. A structural type
 * rather than node:stream's Writable, so the published types need no @types/node.
 */
export interface ProgressOutput {
  write(text: string): unknown;
  /** True on a terminal, where the bar is redrawn in place. */
  readonly isTTY?: boolean;
}

/**
 * Shows training progress: on a terminal, a bar redrawn in place (epoch, batches, loss and metrics,
 * rate and ETA, like the seed's tqdm line); elsewhere, one plain line per reported epoch (at most
 * about 20 of them for long runs, and always the last); nothing when silent.
 */
export class ProgressReporter {
  private readonly mode: 'bar' | 'lines' | 'silent';
  private epochStart = 0;
  private lastDraw = 0;
  private readonly trainStart = Date.now();

  constructor(
    verbosity: Verbosity,
    private readonly epochs: number,
    private readonly batches: number,
    private readonly backend: string,
    private readonly stream: ProgressOutput = process.stdout,
  ) {
    this.mode = verbosity === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : verbosity;
  }

  epochBegin(): void {
    this.epochStart = Date.now();
    this.lastDraw = 0;
  }

  batchEnd(epoch: number, batch: number, loss: number): void {
    if (this.mode !== 'bar') return;
    const now = Date.now();
    if (batch + 1 < this.batches && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const done = batch + 1;
    const seconds = (now - this.epochStart) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (this.batches - done) / rate : 0;
    const width = 24;
    const filled = Math.round((done / this.batches) * width);
    this.stream.write(
      `\r${this.epochLabel(epoch)} [${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${'.'.repeat(width - filled)}] ${done}/${this.batches} ` +
        `loss ${format(loss)}  ${rate.toFixed(1)} batch/s  ETA ${eta.toFixed(0)}s\x1b[K`,
    );
  }

  epochEnd(epoch: number, logs: Readonly<Record<string, number>>): void {
    if (this.mode === 'silent') return;
    const seconds = ((Date.now() - this.epochStart) / 1000).toFixed(2);
    const values = Object.entries(logs).map(([name, value]) => `${name} ${format(value)}`).join('  ');
    const line = `${this.epochLabel(epoch)} ${values}  ${seconds}s [${this.backend}]`;
    if (this.mode === 'bar') {
      this.stream.write(`\r${line}\x1b[K\n`);
      return;
    }
    const every = Math.max(1, Math.ceil(this.epochs / 20));
    if ((epoch + 1) % every === 0 || epoch === 0 || epoch + 1 === this.epochs) this.stream.write(`${line}\n`);
  }

  trainEnd(epochsRun: number): void {
    if (this.mode === 'lines' && epochsRun < this.epochs) this.stream.write(`stopped after epoch ${epochsRun} of ${this.epochs} in ${((Date.now() - this.trainStart) / 1000).toFixed(1)}s\n`);
  }

  private epochLabel(epoch: number): string {
    return `Epoch ${String(epoch + 1).padStart(String(this.epochs).length)}/${this.epochs}`;
  }
}

function format(value: number): string {
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : value.toFixed(4);
}
