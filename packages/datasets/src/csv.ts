import { ValueError } from '@nnts/tensor';

/** Numeric CSV rows; every field must parse as a finite number. */
export function parseNumericRows(text: string, source: string, firstLine = 1): number[][] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  return lines.map((line, i) =>
    line.split(',').map((field, column) => {
      const value = Number(field);
      if (field.trim() === '' || !Number.isFinite(value)) {
        throw new ValueError(`${source}: line ${i + firstLine}, column ${column + 1}: ${JSON.stringify(field)} is not a number`);
      }
      return value;
    }),
  );
}
