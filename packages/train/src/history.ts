/** Per-epoch values of a training run: 'loss', each metric, and 'valLoss', 'valAccuracy', ... */
export class History {
  readonly epochs: number[] = [];
  readonly values: Record<string, number[]> = {};

  record(epoch: number, logs: Readonly<Record<string, number>>): void {
    this.epochs.push(epoch);
    for (const [name, value] of Object.entries(logs)) (this.values[name] ??= []).push(value);
  }

  /** The values of one quantity by epoch (empty when it was never recorded). */
  get(name: string): readonly number[] {
    return this.values[name] ?? [];
  }
}
