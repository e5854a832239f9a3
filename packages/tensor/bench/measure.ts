import os from 'node:os';

/** Median seconds of `runs` timings of `work`, after one warm-up call. */
export function medianSeconds(work: () => void, runs: number): number {
  work();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Where and when a benchmark ran, written beside its numbers. */
export function machineDescription(): Record<string, string | number> {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
  };
}
