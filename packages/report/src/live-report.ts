import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyChart } from './history-chart';
import type { ReportSection } from './html-report';
import { htmlReport } from './html-report';
import { assertInteger, assertKnownOptions, assertText, describeValue } from './options';
import type { ChartRenderer } from './render-svg';
import { chartRenderer } from './render-svg';
import { ReportError } from './report-error';
import type { ParameterSource } from './weight-histogram-chart';
import { weightHistogramChart } from './weight-histogram-chart';
import { writeFileAtomically } from './write-file-atomically';

/**
 * What the callback reads of @nnts/train's TrainingContext: the model (for its weights), the number of
 * epochs asked for, and whether something stopped training early. Structural, so the callback goes in
 * `fit({ callbacks })` while this package does not depend on the training package.
 */
export interface LiveTrainingContext {
  readonly model: ParameterSource;
  readonly epochs: number;
  readonly stopped: boolean;
}

export interface LiveReportOptions {
  /** The HTML file to keep up to date ('out/index.html'); its folder is created when missing. */
  readonly file: string;
  readonly title: string;
  /** A paragraph under the title. */
  readonly description?: string;
  /** Rewrite the page after every this many epochs; 1 by default. The last epoch is always written. */
  readonly every?: number;
  /** While training runs, the page asks the browser to reload it every so many seconds; 2 by default. */
  readonly refreshSeconds?: number;
  /** Draw each parameter's histogram of values; true by default. */
  readonly weights?: boolean;
  /** The logged values to draw ('loss', 'valLoss', ...); all by default. */
  readonly metrics?: readonly string[];
}

/** A fit callback (see liveReport) that also says what it has drawn. */
export interface LiveReport {
  /** The absolute path of the page. */
  readonly file: string;
  /** The values logged so far in this training run, by name and epoch. */
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** The sections of the last page written: the training curves and the weight histograms. */
  readonly sections: readonly ReportSection[];
  onTrainBegin(context: LiveTrainingContext): void;
  onEpochEnd(epoch: number, logs: Readonly<Record<string, number>>, context: LiveTrainingContext): void;
  afterTrainEnd(context: LiveTrainingContext): void;
  onTrainError(error: unknown, context: LiveTrainingContext): void;
}

const KNOWN = ['file', 'title', 'description', 'every', 'refreshSeconds', 'weights', 'metrics'];

class LiveHtmlReport implements LiveReport {
  readonly file: string;
  history: Record<string, number[]> = {};
  sections: ReportSection[] = [];
  private epochsSeen = 0;
  private firstEpoch = -1;
  private lastEpoch = -1;

  constructor(private readonly options: LiveReportOptions, private readonly renderer: ChartRenderer) {
    this.file = resolve(options.file);
  }

  onTrainBegin(context: LiveTrainingContext): void {
    this.history = {};
    this.epochsSeen = 0;
    this.firstEpoch = -1;
    this.lastEpoch = -1;
    this.write(context, `training: started, ${context.epochs} epochs asked for`, true);
  }

  onEpochEnd(epoch: number, logs: Readonly<Record<string, number>>, context: LiveTrainingContext): void {
    for (const [name, value] of Object.entries(logs)) (this.history[name] ??= []).push(value);
    this.epochsSeen++;
    if (this.firstEpoch < 0) this.firstEpoch = epoch;
    this.lastEpoch = epoch;
    if (this.epochsSeen % (this.options.every ?? 1) === 0) this.write(context, `training: epoch ${epoch + 1} of ${context.epochs}`, true);
  }

  // After every onTrainEnd, so the weights drawn are the ones the model keeps (EarlyStopping's best).
  afterTrainEnd(context: LiveTrainingContext): void {
    const done = this.lastEpoch + 1;
    this.write(context, context.stopped ? `training stopped early after epoch ${done} of ${context.epochs}` : `training finished: ${done} of ${context.epochs} epochs`, false);
  }

  onTrainError(error: unknown, context: LiveTrainingContext): void {
    const where = this.lastEpoch < 0 ? 'before the first epoch ended' : `after epoch ${this.lastEpoch + 1} of ${context.epochs}`;
    // fit rethrows the training error after every callback's onTrainError: a failure here must not
    // replace it (nor keep the callbacks after this one from hearing of it), so it becomes a warning.
    try {
      this.write(context, `training failed ${where}: ${error instanceof Error ? error.message : String(error)}`, false);
    } catch (writeError) {
      process.emitWarning(`liveReport: could not write the final page ${this.file}: ${(writeError as Error).message}`, { code: 'NNTS_REPORT_WRITE' });
    }
  }

  private write(context: LiveTrainingContext, status: string, running: boolean): void {
    const sections: ReportSection[] = [];
    if (Object.keys(this.history).length > 0) {
      const { metrics } = this.options;
      // Epochs counted from 1, and from where a resumed run (initialEpoch) began.
      const curves = historyChart(this.history, { firstEpoch: this.firstEpoch + 1, ...(metrics ? { metrics } : {}) });
      sections.push({ title: 'training curves', svg: this.renderer.svg(curves) });
    }
    if ((this.options.weights ?? true) && context.model.namedParameters().length > 0) {
      sections.push({ title: 'weights by parameter', svg: this.renderer.svg(weightHistogramChart(context.model)) });
    }
    this.sections = sections;
    const { title, description, refreshSeconds = 2 } = this.options;
    const page = htmlReport({ title, ...(description === undefined ? {} : { description }), status, sections, ...(running ? { refreshSeconds } : {}) });
    writeFileAtomically('liveReport', this.file, page);
  }
}

/**
 * A fit callback that keeps an HTML report of the run up to date: after every epoch (or every `every`
 * epochs) it redraws the training curves and the weight histograms and replaces the page, through a
 * temporary file and a rename so a reader never sees half of it. While training runs the page reloads
 * itself every `refreshSeconds`; once training ends (finished, stopped early, or failed) the last page
 * is written without the reload. Async because it loads vega first, so each epoch's drawing needs no
 * await and works inside a synchronous `fit`.
 *
 * @example
 * const report = await liveReport({ file: 'out/index.html', title: 'iris' });
 * model.fit(x, y, { optimizer: new Adam(), epochs: 50, callbacks: [report] });
 */
export async function liveReport(options: LiveReportOptions): Promise<LiveReport> {
  assertKnownOptions('liveReport', options, KNOWN);
  assertText('liveReport', 'file', options.file);
  if (statSync(options.file, { throwIfNoEntry: false })?.isDirectory()) throw new ReportError(`liveReport: file ${JSON.stringify(options.file)} is a folder; give the path of the HTML file to write (e.g. 'out/index.html')`);
  assertText('liveReport', 'title', options.title);
  if (options.description !== undefined && typeof options.description !== 'string') throw new ReportError(`liveReport: description must be a string, got ${describeValue(options.description)}`);
  if (options.every !== undefined) assertInteger('liveReport', 'every', options.every, 1);
  if (options.refreshSeconds !== undefined) assertInteger('liveReport', 'refreshSeconds', options.refreshSeconds, 1);
  if (options.weights !== undefined && typeof options.weights !== 'boolean') throw new ReportError(`liveReport: weights must be true or false, got ${describeValue(options.weights)}`);
  if (options.metrics !== undefined && (!Array.isArray(options.metrics) || options.metrics.length === 0 || options.metrics.some((m) => typeof m !== 'string'))) {
    throw new ReportError(`liveReport: metrics must be a non-empty array of logged names ('loss', 'valAccuracy', ...), got ${describeValue(options.metrics)}`);
  }
  return new LiveHtmlReport(options, await chartRenderer());
}
