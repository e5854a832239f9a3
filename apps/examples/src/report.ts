import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Example, Figures } from './example';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes <out>/index.html: the key figures, then every chart (inline SVG) and text block in order. */
export function writeReport(out: string, example: Example, sections: readonly { title: string; svg?: string; text?: string }[], figures: Figures): string {
  const rows = Object.entries(figures).map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(String(v))}</td></tr>`).join('');
  const body = sections.map((s) => `<section class="chart"><h2>${escape(s.title)}</h2>${s.svg ?? `<pre>${escape(s.text ?? '')}</pre>`}</section>`).join('\n');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>nnts: ${escape(example.title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1100px; }
  table { border-collapse: collapse; margin: 1rem 0; } th, td { text-align: left; padding: 0.2rem 1rem 0.2rem 0; }
  section.chart { display: inline-block; vertical-align: top; margin: 0 2rem 2rem 0; }
  h2 { font-size: 1rem; } pre { background: #f6f6f6; padding: 1rem; }
</style>
</head>
<body>
<h1>${escape(example.title)}</h1>
<p>${escape(example.description)}${example.seedFile ? ` (tutorial ${example.seedFile})` : ''}</p>
<table>${rows}</table>
${body}
</body>
</html>
`;
  const path = join(out, 'index.html');
  writeFileSync(path, html);
  return path;
}
