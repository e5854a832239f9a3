// The fault-injection suite (issue 13, "What it must show"): a recording process killed with SIGKILL
// at seeded random points, of the recording and of the final save, loses nothing committed, leaves a
// sound file, and resumes to the bits of an uninterrupted run. The kill lands just before the Nth SQLite
// statement (test-fixtures/kill-anywhere.mjs), so a failure replays exactly with its seed:
//   NNTS_FAULT_SEED=<seed> pnpm --filter @nnts/store test -- fault-injection
// The suite's other faults have their own tests: concurrent writers on a fresh path
// (open-database.test.ts), a full disk (sqlite-errors.test.ts) and hostile mirrors
// (datasets' downloader.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RandomGenerator } from '@nnts/tensor';
import { describe, expect, it } from 'vitest';
import { Store } from './store';

const fixture = fileURLToPath(new URL('../test-fixtures/kill-anywhere.mjs', import.meta.url));
const directory = (): string => mkdtempSync(join(tmpdir(), 'nnts-faults-'));
const SEED = Number(process.env.NNTS_FAULT_SEED ?? 20261123);
/** Kills anywhere in the run, then kills inside the final save (saving the model and finishing the run). */
const ANYWHERE = 20;
const IN_FINAL_SAVE = 10;

const child = (...args: string[]) => spawnSync(process.execPath, [fixture, ...args], { encoding: 'utf8', timeout: 60_000 });

function weights(path: string): number[] {
  const store = Store.open(path);
  try {
    return store.loadModel('faults').namedParameters().flatMap(({ parameter }) => Array.from(parameter.value.data));
  } finally {
    store.close();
  }
}

/** What must hold right after a kill, before anything repairs the file. */
function assertSoundAfterKill(path: string, replay: string): void {
  const store = Store.open(path);
  try {
    expect(store.db.pragma('integrity_check', { simple: true }), replay).toBe('ok');
    for (const run of store.listRuns()) {
      const { metrics } = store.getRun(run.id);
      // An epoch is in the file whole or not at all: loss and accuracy together, with no gaps.
      expect(metrics.loss?.length ?? 0, replay).toBe(run.epochs);
      expect(metrics.accuracy?.length ?? 0, replay).toBe(run.epochs);
      expect([...(metrics.loss ?? []), ...(metrics.accuracy ?? [])].every((v) => typeof v === 'number'), replay).toBe(true);
      // A checkpoint never runs ahead of the epochs recorded.
      const latest = store.db.prepare('SELECT MAX(epoch) AS epoch FROM checkpoints WHERE run_id = ?').get(run.id) as { epoch: number | null };
      if (latest.epoch !== null) expect(latest.epoch, replay).toBeLessThan(run.epochs);
      if (run.status === 'finished') expect(store.listModels().map((m) => m.name), replay).toEqual(['faults']);
    }
  } finally {
    store.close();
  }
}

describe(`SIGKILL at seeded random points of recording and of the final save (seed ${SEED})`, () => {
  it('loses nothing committed, and every killed run resumes to the bits of an uninterrupted run', () => {
    const whole = join(directory(), 'whole.db');
    const counted = child(whole, 'count');
    expect(counted.stderr).toBe('');
    const [total, finalSaveAt] = counted.stdout.trim().split(' ').map(Number) as [number, number];
    expect(finalSaveAt).toBeGreaterThan(0);
    const reference = weights(whole);

    const random = new RandomGenerator(SEED);
    const points = [
      ...Array.from({ length: ANYWHERE }, () => random.nextInt(1, total + 1)),
      ...Array.from({ length: IN_FINAL_SAVE }, () => random.nextInt(finalSaveAt + 1, total + 1)),
    ];
    console.log(`fault injection, seed ${SEED}: ${total} statements (the final save from ${finalSaveAt + 1}); kills before statements ${points.join(', ')}`);
    for (const point of points) {
      const replay = `kill before statement ${point} of ${total} (final save from ${finalSaveAt + 1}); replay with NNTS_FAULT_SEED=${SEED}`;
      const path = join(directory(), 'killed.db');
      const killed = child(path, 'kill', String(point));
      expect(killed.signal, replay).toBe('SIGKILL');
      assertSoundAfterKill(path, replay);

      const resumed = child(path, 'resume');
      expect([resumed.status, resumed.stderr], replay).toEqual([0, '']);
      const store = Store.open(path);
      const runs = store.listRuns();
      store.close();
      expect(runs.map((r) => [r.name, r.status, r.epochs]), replay).toEqual([['faults', 'finished', 4]]);
      expect(weights(path), replay).toEqual(reference);
    }
  }, 180_000);
});
