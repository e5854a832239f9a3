/**
 * A vega-lite specification (https://vega.github.io/vega-lite/docs/spec.html) as plain data: charts are
 * declared and drawn by vega, never assembled from SVG strings by hand. Typed loosely on purpose, so
 * the published types need none of vega-lite's.
 */
export type ChartSpec = Record<string, unknown>;

/** Drawn where a spec leaves it open: a white background and no frame around each view. */
export const SPEC_DEFAULTS: ChartSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: { view: { stroke: null } },
};
