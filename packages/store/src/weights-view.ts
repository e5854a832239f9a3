// The views that make single weights readable with plain SQL (sqlite3 on the command line, any
// driver) while every tensor is stored once, as its exact little-endian bytes. SQL has no way to read
// a float out of a BLOB, so the views decode IEEE 754 by hand, in standard SQLite with no extension:
// each element's bytes through hex(), sign, exponent and mantissa through integer arithmetic, and the
// power of two from a table of exact powers (doubling and halving 1.0 is exact). float32 and float64
// come out exactly as stored; NaN reads as NULL, as SQLite stores NaN.
// Part of migration 3: never edit this text, add a migration that replaces the views.

/** Byte `index` (0-based) of the hex string `hex` as an integer. */
const byte = (hex: string, index: number): string => {
  const digit = (at: number): string => `(instr('0123456789ABCDEF', substr(${hex}, ${at}, 1)) - 1)`;
  return `(${digit(2 * index + 1)} * 16 + ${digit(2 * index + 2)})`;
};

const width = `(CASE t.dtype WHEN 'float32' THEN 4 ELSE 8 END)`;

const float32 = {
  sign: `${byte('h', 3)} >> 7`,
  exponent: `((${byte('h', 3)} & 127) << 1) | (${byte('h', 2)} >> 7)`,
  mantissa: `((${byte('h', 2)} & 127) << 16) | (${byte('h', 1)} << 8) | ${byte('h', 0)}`,
};

const float64 = {
  sign: `${byte('h', 7)} >> 7`,
  exponent: `((${byte('h', 7)} & 127) << 4) | (${byte('h', 6)} >> 4)`,
  mantissa: `((${byte('h', 6)} & 15) << 48) | (${byte('h', 5)} << 40) | (${byte('h', 4)} << 32) | (${byte('h', 3)} << 24) | (${byte('h', 2)} << 16) | (${byte('h', 1)} << 8) | ${byte('h', 0)}`,
};

export const WEIGHTS_VIEWS_SQL = `
  CREATE VIEW weights AS
    WITH RECURSIVE
      element(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM element WHERE i + 1 < (SELECT max(length(data)) / 4 FROM tensors)),
      doubling(k, v) AS (SELECT 0, 1.0 UNION ALL SELECT k + 1, v * 2 FROM doubling WHERE k < 1023),
      halving(k, v) AS (SELECT -1, 0.5 UNION ALL SELECT k - 1, v / 2 FROM halving WHERE k > -1074),
      power_of_two(k, v) AS (SELECT k, v FROM doubling UNION ALL SELECT k, v FROM halving),
      bytes AS (
        SELECT t.snapshot_id, t.key, t.kind, t.dtype, e.i AS position, hex(substr(t.data, e.i * ${width} + 1, ${width})) AS h
        FROM tensors AS t CROSS JOIN element AS e
        WHERE t.kind IN ('parameter', 'buffer') AND e.i < length(t.data) / ${width}
      ),
      fields AS (
        SELECT snapshot_id, key, kind, position, dtype,
          CASE dtype WHEN 'float32' THEN ${float32.sign} ELSE ${float64.sign} END AS s,
          CASE dtype WHEN 'float32' THEN ${float32.exponent} ELSE ${float64.exponent} END AS x,
          CASE dtype WHEN 'float32' THEN ${float32.mantissa} ELSE ${float64.mantissa} END AS m,
          CASE dtype WHEN 'float32' THEN 255 ELSE 2047 END AS top,
          CASE dtype WHEN 'float32' THEN 8388608 ELSE 4503599627370496 END AS implicit,
          CASE dtype WHEN 'float32' THEN 150 ELSE 1075 END AS bias
        FROM bytes
      )
    SELECT snapshot_id, key, kind, position,
      CASE
        WHEN x = top THEN CASE WHEN m = 0 THEN (1 - 2 * s) * 9e999 END
        WHEN x = 0 THEN (1 - 2 * s) * m * (SELECT v FROM power_of_two WHERE k = 1 - bias)
        ELSE (1 - 2 * s) * (m + implicit) * (SELECT v FROM power_of_two WHERE k = x - bias)
      END AS value
    FROM fields;
  CREATE VIEW model_weights AS
    SELECT m.name AS model, w.key, w.kind, w.position, w.value
    FROM models AS m JOIN weights AS w ON w.snapshot_id = m.snapshot_id;
`;
