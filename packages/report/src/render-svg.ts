import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './chart-spec';
import { SPEC_DEFAULTS } from './chart-spec';
import { ReportError } from './report-error';
import { describeValue } from './options';

type Vega = typeof import('vega');

/** vega's headless SVG renderer (what view.toSVG() draws with), which vega's typings leave out. */
interface HeadlessSvg {
  initialize(element: null, width: number, height: number, origin: readonly [number, number], scaleFactor: number): HeadlessSvg;
  background(color: unknown): HeadlessSvg;
  render(scene: unknown): HeadlessSvg;
  svg(): string;
}

/** The view's size and origin after autosize, and its scenegraph: what vega's own headless render reads. */
interface ViewInternals {
  readonly _viewWidth: number;
  readonly _viewHeight: number;
  readonly _origin: readonly [number, number];
  readonly _scenegraph: { readonly root: unknown };
}
type VegaLite = typeof import('vega-lite');

/** Renders specs to SVG markup without waiting: what a callback inside a synchronous `fit` needs. */
export interface ChartRenderer {
  /** The SVG of a spec whose data is inline (`data: { values }`), as `renderSvg` draws it. */
  svg(spec: ChartSpec): string;
}

// vega and vega-lite are ES modules with top-level await (vega-canvas probes for node-canvas), which
// CommonJS cannot require: both builds load them with import(), whose module cache makes later loads free.
async function loadVega(): Promise<[Vega, VegaLite]> {
  return Promise.all([import('vega'), import('vega-lite')]);
}

function compileSpec(owner: string, vegaLite: VegaLite, spec: ChartSpec): object {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new ReportError(`${owner}: the spec must be a vega-lite specification object, got ${describeValue(spec)}`);
  try {
    return vegaLite.compile({ ...SPEC_DEFAULTS, ...spec } as unknown as TopLevelSpec).spec;
  } catch (error) {
    throw new ReportError(`${owner}: vega-lite cannot compile the spec: ${(error as Error).message}`);
  }
}

/**
 * Renders a vega-lite spec to SVG markup with vega's headless renderer (no browser, no canvas).
 *
 * @example
 * const svg = await renderSvg(lineChart([{ x: 1, y: 2, series: 'a' }], { x: 'epoch', y: 'loss' }));
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vega, vegaLite] = await loadVega();
  const view = new vega.View(vega.parse(compileSpec('renderSvg', vegaLite, spec)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Loads vega once and returns a renderer that draws without awaiting. vega's dataflow over inline data
 * runs to the end in one synchronous `run()` (its one deferred step, the autosize pass, is the first
 * post-run callback, which runs before the first await); the SVG is then drawn as vega's headless
 * renderer draws it, with the view's padding and origin. A test checks every chart of this package
 * gives the same markup both ways.
 */
export async function chartRenderer(): Promise<ChartRenderer> {
  const [vega, vegaLite] = await loadVega();
  return {
    svg(spec) {
      assertInlineData(spec);
      const view = new vega.View(vega.parse(compileSpec('ChartRenderer.svg', vegaLite, spec)), { renderer: 'none' });
      try {
        view.run();
        const internals = view as unknown as ViewInternals;
        const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
        const Headless = (vega as unknown as { renderModule(type: 'svg'): { headless: new (loader: unknown) => HeadlessSvg } }).renderModule('svg').headless;
        return new Headless(view.loader())
          .initialize(
            null,
            internals._viewWidth + padding.left + padding.right, internals._viewHeight + padding.top + padding.bottom,
            [padding.left + internals._origin[0], padding.top + internals._origin[1]], 1,
          )
          .background(view.background())
          .render(internals._scenegraph.root)
          .svg();
      } finally {
        view.finalize();
      }
    },
  };
}

/** Data from a URL loads asynchronously, so a synchronous render would draw empty marks: refuse it. */
function assertInlineData(spec: unknown, path = 'spec'): void {
  if (typeof spec !== 'object' || spec === null) return;
  if (Array.isArray(spec)) {
    spec.forEach((item, i) => assertInlineData(item, `${path}[${i}]`));
    return;
  }
  const data = (spec as { data?: { url?: unknown } }).data;
  if (data && typeof data === 'object' && 'url' in data) {
    throw new ReportError(`ChartRenderer.svg: ${path}.data loads ${JSON.stringify(data.url)}, which cannot be drawn synchronously; give the values inline or use await renderSvg(spec)`);
  }
  for (const [key, value] of Object.entries(spec)) if (key !== 'data') assertInlineData(value, `${path}.${key}`);
}
