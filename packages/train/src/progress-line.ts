// The progress bar's line, fitted to the terminal. A line longer than the terminal wraps, and every
// redraw (a carriage return, then the line) then leaves one more line behind; so fields are dropped,
// least useful first, until the line fits.

/** What one redraw shows; every field but the label may be dropped. */
export interface ProgressParts {
  /** `Epoch  3/30`: always shown. */
  readonly label: string;
  /** The part of this epoch done, 0 to 1, drawn as the bar. */
  readonly fraction: number;
  /** `12/40` batches. */
  readonly counts: string;
  /** `loss 0.1234` */
  readonly loss: string;
  /** `12.3 batch/s` */
  readonly rate: string;
  /** `ETA 5s`: the rest of this epoch. */
  readonly epochEta: string;
  /** `run ETA 2m05s`: the rest of the whole run. */
  readonly runEta: string;
}

type Field = 'bar' | 'counts' | 'loss' | 'rate' | 'epochEta' | 'runEta';

/** Fields in the order they go as the terminal narrows: the rate first, the loss last. */
export const DROP_ORDER: readonly Field[] = ['rate', 'bar', 'counts', 'epochEta', 'runEta', 'loss'];

const BAR_WIDTH = 24;
/** Narrower than this, a bar says too little to be worth its columns. */
const BAR_MIN_WIDTH = 10;

/**
 * The longest line of `parts` that fits in `columns` (one column is kept free: writing into the last
 * one makes some terminals wrap). The bar shrinks from 24 to 10 cells before any field is dropped.
 */
export function progressLine(parts: ProgressParts, columns: number): string {
  const limit = Math.max(1, Math.floor(columns) - 1);
  const shown = new Set<Field>(DROP_ORDER);
  for (const next of [...DROP_ORDER, null]) {
    const line = render(parts, shown, limit);
    if (line !== null) return line;
    if (next !== null) shown.delete(next);
  }
  return parts.label.slice(0, limit);
}

function render(parts: ProgressParts, shown: ReadonlySet<Field>, limit: number): string | null {
  // Each piece with the separator before it; the bar (text null) is sized once the rest is known.
  const pieces: { readonly separator: string; readonly text: string | null }[] = [{ separator: '', text: parts.label }];
  const add = (field: Field, separator: string, text: string | null): void => void (shown.has(field) && pieces.push({ separator, text }));
  add('bar', ' ', null);
  add('counts', ' ', parts.counts);
  add('loss', ' ', parts.loss);
  add('rate', '  ', parts.rate);
  add('epochEta', '  ', parts.epochEta);
  add('runEta', '  ', parts.runEta);
  const fixed = pieces.reduce((length, { separator, text }) => length + separator.length + (text ?? '[]').length, 0);
  const barWidth = Math.min(BAR_WIDTH, limit - fixed);
  if (shown.has('bar') ? barWidth < BAR_MIN_WIDTH : fixed > limit) return null;
  return pieces.map(({ separator, text }) => separator + (text ?? `[${bar(parts.fraction, barWidth)}]`)).join('');
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${'.'.repeat(width - filled)}`;
}

/** A duration for people: `7s`, `2m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}
