import type { HtmlReportOptions } from './html-report';
import { htmlReport } from './html-report';
import { assertText } from './options';
import { writeFileAtomically } from './write-file-atomically';

/**
 * Writes htmlReport(options) to `file` (its folder is created when missing) through a temporary file
 * and a rename, so a browser never reads half a page. Returns the absolute path.
 *
 * @example
 * writeHtmlReport('out/index.html', { title: 'iris', sections: [{ title: 'loss', svg: await renderSvg(historyChart(history.values)) }] });
 */
export function writeHtmlReport(file: string, options: HtmlReportOptions): string {
  assertText('writeHtmlReport', 'file', file);
  return writeFileAtomically('writeHtmlReport', file, htmlReport(options));
}
