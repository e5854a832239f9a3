import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartSpec, LiveReport, ReportSection } from '@nnts/report';
import { liveReport, renderSvg, writeHtmlReport } from '@nnts/report';
import type { Recorder, RecorderOptions, Store } from '@nnts/store';
import type { Verbosity } from '@nnts/train';

export interface ExampleOptions {
  /** Overrides the example's own number of epochs (to try it quickly, or to train longer). */
  readonly epochs?: number;
  readonly seed: number;
  /** Where charts and index.html go; out/<name> by default. */
  readonly out: string;
  /** Only the final JSON line on stdout. */
  readonly quiet: boolean;
  readonly store: Store;
  /** A directory holding MNIST / Fashion-MNIST IDX files, for the examples that use them. */
  readonly dataDirectory?: string;
}

/** What an example can use while it runs. */
export interface ExampleContext extends ExampleOptions {
  /** Progress for fit: a bar or lines, or nothing when quiet. */
  readonly verbose: Verbosity;
  /** Prints for a person (nothing when quiet). */
  log(...lines: string[]): void;
  /** Renders a chart to <out>/<file>.svg and adds it to the page. */
  chart(file: string, title: string, spec: ChartSpec): Promise<void>;
  /** Adds a block of monospaced text (a classification report, a table) to the page. */
  text(title: string, body: string): void;
  /** A store recorder for one training run of this example; the last one's id is reported. */
  recorder(options?: RecorderOptions): Recorder;
  /** A fit callback that keeps <out>/index.html up to date while the example trains; the full page replaces it at the end. */
  liveReport(): Promise<LiveReport>;
}

/** Key figures of an example, printed as the last stdout line (example, seconds and runId are added). */
export type Figures = Record<string, number | string | boolean | null>;

export interface Example {
  readonly name: string;
  /** The seed document it follows, '000' to '004', or '' when it has none. */
  readonly seedFile: string;
  readonly title: string;
  readonly description: string;
  /** Quick examples are run by the unit tests; slow ones by the benchmark script. */
  readonly quick: boolean;
  run(context: ExampleContext): Promise<Figures>;
}

export interface ExampleResult {
  readonly figures: Figures & { example: string; seconds: number; runId: number | null };
  readonly charts: readonly string[];
  readonly index: string;
}

/** The paragraph under an example's title: what it does and the tutorial it follows. */
const introduction = (example: Example): string => `${example.description}${example.seedFile ? ` (tutorial ${example.seedFile})` : ''}`;

/** Runs an example: its training, charts and report, and returns the JSON line's content. */
export async function runExample(example: Example, options: ExampleOptions): Promise<ExampleResult> {
  const started = performance.now();
  mkdirSync(options.out, { recursive: true });
  const index = join(options.out, 'index.html');
  const sections: ReportSection[] = [];
  const charts: string[] = [];
  const recorders: Recorder[] = [];
  const context: ExampleContext = {
    ...options,
    verbose: options.quiet ? 'silent' : 'auto',
    log: (...lines) => {
      if (!options.quiet) console.log(lines.join('\n'));
    },
    chart: async (file, title, spec) => {
      const svg = await renderSvg(spec);
      writeFileSync(join(options.out, `${file}.svg`), svg);
      sections.push({ title, svg });
      charts.push(`${file}.svg`);
    },
    text: (title, body) => {
      sections.push({ title, text: body });
    },
    recorder: (recorderOptions = {}) => {
      const recorder = options.store.recorder({ name: example.name, seed: options.seed, ...recorderOptions });
      recorders.push(recorder);
      return recorder;
    },
    liveReport: () => liveReport({ file: index, title: example.title, description: introduction(example) }),
  };
  const figures = await example.run(context);
  const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  // Run ids increase, so the largest is the run that started last.
  const ids = recorders.map((r) => r.runId).filter((id): id is number => id !== null);
  const runId = ids.length > 0 ? Math.max(...ids) : null;
  const result = { example: example.name, ...figures, seconds, runId };
  writeHtmlReport(index, { title: example.title, description: introduction(example), figures: result, sections });
  return { figures: result, charts, index };
}
