import type { DType, FloatArray } from './dtype';
import type { Shape } from './shape';
import { stridesOf } from './shape';

// numpy's print options: summarise above 1000 elements, showing 3 items at each end of every axis,
// at most 8 decimals, lines of 75 characters.
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const MAX_DECIMALS = 8;
const LINE_WIDTH = 75;

/** Formats like numpy's repr: `tensor([[1., 2.], [3., 4.]])`, with `...` for elided items. */
export function formatTensor(data: FloatArray, shape: Shape, dtype: DType): string {
  const prefix = 'tensor(';
  const suffix = dtype === 'float64' ? ', dtype=float64)' : ')';
  const summarise = data.length > THRESHOLD;
  const shown = collectShown(data, shape, summarise);
  const style = chooseStyle(data, shown);
  const cells = new Map<number, string>();
  for (const i of shown) cells.set(i, formatNumber(data[i]!, style, dtype));
  const width = alignWidths([...cells.values()]);
  for (const [i, text] of cells) cells.set(i, pad(text, width));
  const body = formatAxis(cells, shape, stridesOf(shape), 0, 0, summarise, ' '.repeat(prefix.length));
  return prefix + body + suffix;
}

type Style = 'integer' | 'fixed' | 'scientific';

function collectShown(data: FloatArray, shape: Shape, summarise: boolean): number[] {
  const indices: number[] = [];
  const strides = stridesOf(shape);
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      indices.push(offset);
      return;
    }
    for (const i of visibleIndices(shape[axis]!, summarise)) walk(axis + 1, offset + i * strides[axis]!);
  };
  if (data.length > 0) walk(0, 0);
  return indices;
}

function visibleIndices(length: number, summarise: boolean): number[] {
  if (!summarise || length <= 2 * EDGE_ITEMS) return Array.from({ length }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => length - EDGE_ITEMS + i);
  return [...head, ...tail];
}

function chooseStyle(data: FloatArray, shown: readonly number[]): Style {
  let maxAbs = 0;
  let minAbs = Infinity;
  let allIntegers = true;
  for (const i of shown) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    const abs = Math.abs(v);
    maxAbs = Math.max(maxAbs, abs);
    if (abs > 0) minAbs = Math.min(minAbs, abs);
    if (!Number.isInteger(v)) allIntegers = false;
  }
  if (allIntegers && maxAbs < 1e16) return 'integer';
  // numpy switches to scientific notation when fixed notation would hide digits.
  if (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3) return 'scientific';
  return 'fixed';
}

/** The fewest digits that still read back as the same stored number (float32 compared as float32). */
function shortestDigits(value: number, dtype: DType, render: (digits: number) => string): number {
  for (let digits = 0; digits < MAX_DECIMALS; digits++) {
    const back = Number(render(digits));
    if ((dtype === 'float32' ? Math.fround(back) : back) === value) return digits;
  }
  return MAX_DECIMALS;
}

function formatNumber(value: number, style: Style, dtype: DType): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  switch (style) {
    case 'integer':
      return `${value.toFixed(0)}.`;
    case 'fixed': {
      const digits = shortestDigits(value, dtype, (d) => value.toFixed(d));
      // Rounded to at most 8 decimals, trailing zeros dropped: 5.976000000000001 prints as 5.976.
      return value.toFixed(digits).replace(/\.?0+$/, '').replace(/^(-?\d+)$/, '$1.');
    }
    case 'scientific': {
      const digits = shortestDigits(value, dtype, (d) => value.toExponential(d));
      const [mantissa, exponent] = value.toExponential(digits).split('e') as [string, string];
      const sign = exponent.startsWith('-') ? '-' : '+';
      const magnitude = exponent.replace(/^[+-]/, '').padStart(2, '0');
      return `${mantissa.includes('.') ? mantissa : `${mantissa}.`}e${sign}${magnitude}`;
    }
  }
}

/** Width of the integer part and of the fraction, so decimal points line up in a column. */
function alignWidths(texts: readonly string[]): { before: number; after: number } {
  let before = 0;
  let after = 0;
  for (const t of texts) {
    const dot = t.includes('.') ? t.indexOf('.') : t.length;
    before = Math.max(before, dot);
    after = Math.max(after, t.length - dot);
  }
  return { before, after };
}

function pad(text: string, width: { before: number; after: number }): string {
  // nan and inf have no decimal point: numpy right-aligns them in the column.
  if (!text.includes('.')) return text.padStart(width.before + width.after);
  const dot = text.includes('.') ? text.indexOf('.') : text.length;
  return ' '.repeat(width.before - dot) + text + ' '.repeat(width.after - (text.length - dot));
}

function formatAxis(
  cells: ReadonlyMap<number, string>, shape: Shape, strides: readonly number[],
  axis: number, offset: number, summarise: boolean, indent: string,
): string {
  if (shape.length === 0) return (cells.get(0) ?? '').trim();
  const length = shape[axis]!;
  const visible = visibleIndices(length, summarise);
  const elided = visible.length < length;
  if (axis === shape.length - 1) {
    const items = visible.map((i) => cells.get(offset + i * strides[axis]!)!);
    if (elided) items.splice(EDGE_ITEMS, 0, '...');
    return `[${wrap(items, indent + ' ')}]`;
  }
  const childIndent = indent + ' ';
  const rows = visible.map((i) => formatAxis(cells, shape, strides, axis + 1, offset + i * strides[axis]!, summarise, childIndent));
  if (elided) rows.splice(EDGE_ITEMS, 0, '...');
  const separator = ',' + '\n'.repeat(shape.length - axis - 1) + childIndent;
  return `[${rows.join(separator)}]`;
}

function wrap(items: readonly string[], indent: string): string {
  let line = '';
  const lines: string[] = [];
  for (const [index, item] of items.entries()) {
    const piece = index < items.length - 1 ? `${item}, ` : item;
    if (line.length > 0 && indent.length + line.length + piece.length > LINE_WIDTH) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += piece;
  }
  lines.push(line);
  return lines.join('\n' + indent);
}
