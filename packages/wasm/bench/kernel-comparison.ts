// What the kernel benchmarks share: a wasm kernel (copies in and out included) timed against the
// TypeScript loop it would replace, a row each, printed as it is measured.

export interface ComparisonRow {
  kernel: string;
  size: string;
  wasmMs: number;
  typescriptMs: number;
  speedup: number;
}

/** The rows measured so far and `compare`, which times both sides with `median` (milliseconds) and adds a row. */
export function kernelComparison(median: (run: () => void) => number, columns: { kernel: number; size: number }): {
  rows: ComparisonRow[];
  compare(kernel: string, size: string, wasm: () => void, typescript: () => void): void;
} {
  const rows: ComparisonRow[] = [];
  return {
    rows,
    compare(kernel, size, wasm, typescript) {
      const typescriptMs = median(typescript);
      const wasmMs = median(wasm);
      const row = { kernel, size, wasmMs: Number(wasmMs.toFixed(4)), typescriptMs: Number(typescriptMs.toFixed(4)), speedup: Number((typescriptMs / wasmMs).toFixed(2)) };
      rows.push(row);
      console.log(`${kernel.padEnd(columns.kernel)} ${size.padEnd(columns.size)} wasm ${row.wasmMs.toFixed(3).padStart(8)} ms   ts ${row.typescriptMs.toFixed(3).padStart(8)} ms   x${row.speedup}`);
    },
  };
}
