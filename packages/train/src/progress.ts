import { defaultOutput } from '@nnts/tensor';
import { formatDuration, progressLine } from './progress-line';

export type Verbosity = 'auto' | 'bar' | 'lines' | 'silent';

export const VERBOSITIES: readonly Verbosity[] = ['auto', 'bar', 'lines', 'silent'];

/**
 * Where progress goes: process.stdout, a file stream, or anything with `write`. A structural type
 * rather than node:stream's Writable, so the published types need no @types/node.
 */
export interface ProgressOutput {
  write(text: string): unknown;
  /** True on a terminal, where the bar is redrawn in place. */
  readonly isTTY?: boolean;
  /** The terminal's width, read at every redraw (so a resize is followed); 80 when absent. */
  readonly columns?: number;
}

/**
 * Shows training progress: on a terminal, a bar redrawn in place (epoch, batches, loss, rate, and the
 * ETA of the epoch and of the whole run, like the seed's tqdm line), fitted to the terminal's width;
 * elsewhere, one plain line per reported epoch (at most about 20 of them for long runs, and always
 * the last); nothing when silent.
 */
export class ProgressReporter {
  private readonly mode: 'bar' | 'lines' | 'silent';
  private epochStart = 0;
  private lastDraw = 0;
  private readonly trainStart = Date.now();
  /** Seconds of the epochs finished so far (validation included), for the whole run's ETA. */
  private finishedEpochSeconds = 0;
  private finishedEpochs = 0;

  constructor(
    verbosity: Verbosity,
    private readonly epochs: number,
    private readonly batches: number,
    private readonly backend: string,
    private readonly stream: ProgressOutput = defaultOutput(),
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
    const epochEta = rate > 0 ? (this.batches - done) / rate : 0;
    // Later epochs are assumed to take what the finished ones took on average (this one's pace before any finished).
    const secondsPerEpoch = this.finishedEpochs > 0 ? this.finishedEpochSeconds / this.finishedEpochs : rate > 0 ? this.batches / rate : 0;
    const runEta = epochEta + (this.epochs - epoch - 1) * secondsPerEpoch;
    const line = progressLine({
      label: this.epochLabel(epoch), fraction: done / this.batches, counts: `${done}/${this.batches}`, loss: `loss ${format(loss)}`,
      rate: `${rate.toFixed(1)} batch/s`, epochEta: `ETA ${formatDuration(epochEta)}`, runEta: `run ETA ${formatDuration(runEta)}`,
    }, this.stream.columns ?? 80);
    this.stream.write(`\r${line}\x1b[K`);
  }

  epochEnd(epoch: number, logs: Readonly<Record<string, number>>): void {
    if (this.mode === 'silent') return;
    const elapsed = (Date.now() - this.epochStart) / 1000;
    this.finishedEpochSeconds += elapsed;
    this.finishedEpochs += 1;
    const seconds = elapsed.toFixed(2);
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
