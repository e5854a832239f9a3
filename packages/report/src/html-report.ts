import { assertInteger, assertKnownOptions, assertText, describeValue } from './options';
import { ReportError } from './report-error';

/** One block of the page: a chart (SVG markup from renderSvg) or monospaced text (a classification report). */
export type ReportSection = { readonly title: string; readonly svg: string } | { readonly title: string; readonly text: string };

/** Key figures of a run, shown as a table at the top: accuracy, epochs, seconds, ... */
export type ReportFigures = Readonly<Record<string, number | string | boolean | null>>;

export interface HtmlReportOptions {
  readonly title: string;
  /** A paragraph under the title. */
  readonly description?: string;
  readonly figures?: ReportFigures;
  readonly sections?: readonly ReportSection[];
  /** A line saying where training stands ('training: epoch 3 of 20'). */
  readonly status?: string;
  /** Makes the browser reload the page every so many seconds (while a run is writing it); none by default. */
  readonly refreshSeconds?: number;
}

const KNOWN = ['title', 'description', 'figures', 'sections', 'status', 'refreshSeconds'];

/** Text for HTML: the five characters that could open markup or close an attribute are escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function assertSection(section: unknown, i: number): asserts section is ReportSection {
  if (typeof section !== 'object' || section === null) throw new ReportError(`htmlReport: sections[${i}] must be { title, svg } or { title, text }, got ${describeValue(section)}`);
  const { title, svg, text, ...rest } = section as { title?: unknown; svg?: unknown; text?: unknown };
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ReportError(`htmlReport: sections[${i}] has the unknown key '${unknown[0]}' (known: title, svg, text)`);
  assertText('htmlReport', `sections[${i}].title`, title);
  if ((svg === undefined) === (text === undefined)) throw new ReportError(`htmlReport: sections[${i}] ('${title}') must have svg or text, exactly one of them`);
  if (text !== undefined && typeof text !== 'string') throw new ReportError(`htmlReport: sections[${i}].text must be a string, got ${describeValue(text)}`);
  // The one thing the page takes as markup: it must be an SVG document's element, as renderSvg gives.
  if (svg !== undefined && (typeof svg !== 'string' || !/^<svg[\s>][\s\S]*<\/svg>$/.test(svg.trim()))) {
    throw new ReportError(`htmlReport: sections[${i}].svg must be SVG markup (<svg ...>...</svg>, as renderSvg returns), got ${typeof svg === 'string' ? JSON.stringify(svg.slice(0, 40)) : describeValue(svg)}`);
  }
}

/**
 * A self-contained HTML page: the title, the description, a table of key figures, then every section
 * in order, charts as inline SVG. No script, no external file: it opens from disk, in a mail, offline.
 *
 * @example
 * const html = htmlReport({ title: 'iris', figures: { accuracy: 0.97 }, sections: [{ title: 'loss', svg }] });
 */
export function htmlReport(options: HtmlReportOptions): string {
  assertKnownOptions('htmlReport', options, KNOWN);
  const { title, description, figures = {}, sections = [], status, refreshSeconds } = options;
  assertText('htmlReport', 'title', title);
  for (const [name, value] of [['description', description], ['status', status]] as const) {
    if (value !== undefined && typeof value !== 'string') throw new ReportError(`htmlReport: ${name} must be a string, got ${describeValue(value)}`);
  }
  if (typeof figures !== 'object' || figures === null || Array.isArray(figures)) throw new ReportError(`htmlReport: figures must map names to values, got ${describeValue(figures)}`);
  if (!Array.isArray(sections)) throw new ReportError(`htmlReport: sections must be an array, got ${describeValue(sections)}`);
  sections.forEach(assertSection);
  if (refreshSeconds !== undefined) assertInteger('htmlReport', 'refreshSeconds', refreshSeconds, 1);
  const rows = Object.entries(figures).map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(String(value))}</td></tr>`).join('');
  const body = sections.map((s) => `<section class="chart"><h2>${escapeHtml(s.title)}</h2>${'svg' in s ? s.svg : `<pre>${escapeHtml(s.text)}</pre>`}</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${refreshSeconds === undefined ? '' : `<meta http-equiv="refresh" content="${refreshSeconds}">\n`}<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1100px; }
  table { border-collapse: collapse; margin: 1rem 0; } th, td { text-align: left; padding: 0.2rem 1rem 0.2rem 0; }
  section.chart { display: inline-block; vertical-align: top; margin: 0 2rem 2rem 0; }
  h2 { font-size: 1rem; } pre { background: #f6f6f6; padding: 1rem; } p.status { color: #555; font-style: italic; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${description === undefined ? '' : `<p>${escapeHtml(description)}</p>\n`}${status === undefined ? '' : `<p class="status">${escapeHtml(status)}</p>\n`}${rows ? `<table>${rows}</table>\n` : ''}${body}
</body>
</html>
`;
}
