import type { ModelSummary, RunSummary } from './store';

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
  return table(['id', 'name', 'status', 'epochs', 'started', 'model'], runs.map((r) => [String(r.id), r.name, r.status, String(r.epochs), r.startedAt.replace('T', ' ').slice(0, 19), r.modelName ?? '']));
}

export function formatRun(run: RunSummary & { readonly metrics: Record<string, (number | null)[]> }): string {
  const names = Object.keys(run.metrics);
  const epochs = Math.max(0, ...Object.values(run.metrics).map((v) => v.length));
  const lines = [
    `run ${run.id}: ${run.name} (${run.status})`, `started ${run.startedAt}${run.endedAt ? `, ended ${run.endedAt}` : ''}`,
    `seed ${run.seed ?? '-'}, hyperparameters ${JSON.stringify(run.hyperparameters)}`,
  ];
  if (run.error) lines.push(`error: ${run.error}`);
  if (names.length > 0) {
    lines.push('', table(['epoch', ...names], Array.from({ length: epochs }, (_, e) => [String(e), ...names.map((n) => {
      const v = run.metrics[n]![e];
      return v === undefined || v === null ? '' : v.toFixed(4);
    })])));
  }
  lines.push('', `final: ${names.map((n) => `${n} ${last(run.metrics[n])}`).join(', ')}`);
  return lines.join('\n');
}

export function formatRunCsv(run: { readonly metrics: Record<string, (number | null)[]> }): string {
  const names = Object.keys(run.metrics);
  const epochs = Math.max(0, ...Object.values(run.metrics).map((v) => v.length));
  const rows = Array.from({ length: epochs }, (_, e) => [String(e), ...names.map((n) => String(run.metrics[n]![e] ?? ''))].join(','));
  return [['epoch', ...names].join(','), ...rows].join('\n');
}

export function formatModelList(models: readonly ModelSummary[]): string {
  if (models.length === 0) return 'no models saved yet';
  return table(['name', 'parameters', 'loss', 'updated'], models.map((m) => [m.name, m.parameters.toLocaleString('en-US'), m.loss, m.updatedAt.replace('T', ' ').slice(0, 19)]));
}
