import { printable } from './cli-text';
import type { ModelSummary, RunSummary } from './store';

// The command line's tables. Every string from the store goes through `printable`: names and
// metrics are data, and a control character in one must not reach the terminal as a command.

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const last = (values: readonly (number | null)[] | undefined): string => {
  const value = values?.at(-1);
  return value === undefined || value === null ? '' : value.toFixed(4);
};

export function formatRunList(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return 'no runs recorded yet';
  return table(['id', 'name', 'status', 'epochs', 'started', 'model'], runs.map((r) => [
    String(r.id), printable(r.name), r.status, String(r.epochs), printable(r.startedAt.replace('T', ' ').slice(0, 19)), printable(r.modelName ?? ''),
  ]));
}

/**
 * One run with a table of its metrics per epoch, counted from 1 as the progress bar counts them
 * ("epoch 3/10" is the row 3); at most `limit` rows, the latest, with a line saying how many are left out.
 */
export function formatRun(run: RunSummary & { readonly metrics: Record<string, (number | null)[]> }, limit = Infinity): string {
  const names = Object.keys(run.metrics);
  const epochs = Math.max(0, ...Object.values(run.metrics).map((v) => v.length));
  const lines = [
    `run ${run.id}: ${printable(run.name)} (${run.status})`, `started ${printable(run.startedAt)}${run.endedAt ? `, ended ${printable(run.endedAt)}` : ''}`,
    `seed ${run.seed ?? '-'}, hyperparameters ${printable(JSON.stringify(run.hyperparameters))}`,
  ];
  if (run.error) lines.push(`error: ${printable(run.error)}`);
  if (names.length > 0) {
    const first = Math.max(0, epochs - limit);
    lines.push('');
    if (first > 0) lines.push(`(epochs 1 to ${first} left out: --all shows every epoch)`);
    lines.push(table(['epoch', ...names.map((n) => printable(n))], Array.from({ length: epochs - first }, (_, i) => [String(first + i + 1), ...names.map((n) => {
      const v = run.metrics[n]![first + i];
      return v === undefined || v === null ? '' : v.toFixed(4);
    })])));
  }
  lines.push('', `final: ${names.map((n) => `${printable(n)} ${last(run.metrics[n])}`).join(', ')}`);
  return lines.join('\n');
}

/** The metrics as CSV, one row per epoch counted from 1 (as the progress bar and `runs show` count). */
export function formatRunCsv(run: { readonly metrics: Record<string, (number | null)[]> }): string {
  const names = Object.keys(run.metrics);
  const epochs = Math.max(0, ...Object.values(run.metrics).map((v) => v.length));
  const rows = Array.from({ length: epochs }, (_, e) => [String(e + 1), ...names.map((n) => String(run.metrics[n]![e] ?? ''))].join(','));
  return [['epoch', ...names.map(csvField)].join(','), ...rows].join('\n');
}

/** A CSV header field: quoted when it holds a comma, quote or line break; control characters escaped. */
function csvField(text: string): string {
  const safe = printable(text);
  return /[",]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatModelList(models: readonly ModelSummary[]): string {
  if (models.length === 0) return 'no models saved yet';
  return table(['name', 'parameters', 'loss', 'updated'], models.map((m) => [printable(m.name), m.parameters.toLocaleString('en-US'), printable(m.loss), m.updatedAt.replace('T', ' ').slice(0, 19)]));
}
