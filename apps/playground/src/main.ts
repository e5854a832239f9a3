// The playground page: WebAssembly kernels, then training with a live loss chart, then a sketch pad
// whose drawing the network reads (predictions are redone every epoch, so a restart shows the
// answer firming up as a new network learns).
import { decodeDigits } from './digits-format';
import { drawingToPixels } from './drawing-to-pixels';
import { drawLossChart } from './loss-chart';
import { pageElements } from './page-elements';
import { drawPixels } from './pixel-preview';
import { predictDigit } from './predict-digit';
import { showPrediction } from './prediction-view';
import { createSketchPad } from './sketch-pad';
import { VALIDATION_SPLIT, splitDigits } from './split-digits';
import type { EpochReport, TrainingRun } from './training-run';
import { TRAINING, startTraining } from './training-run';
import { useWasmBackend } from './wasm-backend';

const page = pageElements();

/** Shows an unexpected error on the page and in the console, where the browser test looks. */
function fail(error: unknown): void {
  page.status.dataset.state = 'error';
  page.error.hidden = false;
  page.error.textContent = `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
  console.error(error);
}

async function main(): Promise<void> {
  const backend = await useWasmBackend();
  page.backend.dataset.name = backend.name;
  page.backend.textContent = `Backend: ${backend.name}${backend.details ? ` (${backend.details})` : ''}`;
  if (backend.fallbackReason) {
    page.backend.classList.add('fallback');
    page.backend.textContent += `. The WebAssembly kernels did not load (${backend.fallbackReason}), so this runs on the slower TypeScript backend.`;
  }
  const response = await fetch('digits.bin');
  if (!response.ok) throw new Error(`digits.bin: the server answered ${response.status} ${response.statusText}`);
  const split = splitDigits(decodeDigits(new Uint8Array(await response.arrayBuffer())), VALIDATION_SPLIT);

  let run: TrainingRun | null = null;
  const predict = (): void => {
    const pixels = sketch.empty ? null : drawingToPixels(sketch.image());
    drawPixels(page.preview, pixels);
    showPrediction(page.prediction, pixels && run ? predictDigit(run.model, pixels) : null);
  };
  const sketch = createSketchPad(page.sketch, { penWidth: 22, onStroke: predict });
  page.clear.addEventListener('click', () => {
    sketch.clear();
    predict();
  });

  const start = (seed: number): void => {
    const reports: EpochReport[] = [];
    page.status.dataset.seed = String(seed);
    showStatus('training', null);
    drawLossChart(page.chart, reports, TRAINING.epochs);
    const current = startTraining(split, {
      seed,
      onEpoch: (report) => {
        reports.push(report);
        drawLossChart(page.chart, reports, TRAINING.epochs);
        showStatus('training', report);
        predict();
      },
    });
    run = current;
    page.stop.disabled = false;
    current.finished.then(
      () => {
        if (run !== current) return;
        page.stop.disabled = true;
        showStatus(reports.length < TRAINING.epochs ? 'stopped' : 'done', reports.at(-1) ?? null);
      },
      fail,
    );
    predict();
  };

  page.stop.addEventListener('click', () => run?.stop());
  page.restart.addEventListener('click', () => {
    const seed = readSeed();
    if (seed === null) return;
    const previous = run;
    previous?.stop();
    // The old run ends at its next batch; the new one starts once it has (one at a time: the button
    // waits too).
    page.restart.disabled = true;
    void (previous?.finished ?? Promise.resolve()).catch(() => {}).then(() => {
      page.restart.disabled = false;
      start(seed);
    });
  });
  start(readSeed() ?? 0);
}

/** The seed in the box, or null (and the browser's note on the box) when it is not an integer >= 0. */
function readSeed(): number | null {
  const seed = Number(page.seed.value);
  if (page.seed.value !== '' && Number.isInteger(seed) && seed >= 0) return seed;
  page.seed.setCustomValidity('a seed is an integer of 0 or more');
  page.seed.reportValidity();
  page.seed.setCustomValidity('');
  return null;
}

function showStatus(state: 'training' | 'stopped' | 'done', report: EpochReport | null): void {
  const { status } = page;
  status.dataset.state = state;
  if (!report) {
    delete status.dataset.epoch;
    delete status.dataset.valAccuracy;
    status.textContent = 'Training…';
    return;
  }
  status.dataset.epoch = String(report.epoch);
  status.dataset.valAccuracy = String(report.valAccuracy);
  const word = { training: 'Training', stopped: 'Stopped', done: 'Done' }[state];
  status.textContent = `${word}: epoch ${report.epoch} of ${report.epochs}, validation accuracy ${report.valAccuracy.toFixed(3)}, `
    + `loss ${report.loss.toFixed(3)} (validation ${report.valLoss.toFixed(3)}), ${report.seconds.toFixed(1)} s`;
}

main().catch(fail);
