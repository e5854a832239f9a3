import type { EpochReport } from './training-run';

const COLORS = { loss: '#1f77b4', valLoss: '#ff7f0e', axis: '#888', text: '#222' } as const;
const MARGIN = { left: 44, right: 12, top: 24, bottom: 28 } as const;

/**
 * The training and validation loss by epoch, drawn on `canvas`: epochs 1 to `epochs` across, 0 to
 * the largest loss so far up, with a legend. Redrawn whole after every epoch (40 points are cheap).
 */
export function drawLossChart(canvas: HTMLCanvasElement, reports: readonly EpochReport[], epochs: number): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { width, height } = canvas;
  const plot = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom };
  const top = niceCeiling(Math.max(0.1, ...reports.flatMap((r) => [r.loss, r.valLoss])));
  const x = (epoch: number): number => plot.left + ((epoch - 1) / Math.max(1, epochs - 1)) * plot.width;
  const y = (loss: number): number => plot.top + plot.height - (loss / top) * plot.height;
  context.clearRect(0, 0, width, height);
  context.font = '11px system-ui, sans-serif';
  context.lineWidth = 1;
  context.strokeStyle = COLORS.axis;
  context.fillStyle = COLORS.text;
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) {
    const value = (top * i) / 4;
    context.beginPath();
    context.moveTo(plot.left, y(value));
    context.lineTo(plot.left + plot.width, y(value));
    context.globalAlpha = i === 0 ? 1 : 0.25;
    context.stroke();
    context.globalAlpha = 1;
    context.fillText(value.toFixed(2), plot.left - 6, y(value));
  }
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (let epoch = 1; epoch <= epochs; epoch += epoch === 1 ? 9 : 10) context.fillText(String(epoch), x(epoch), plot.top + plot.height + 6);
  context.fillText('epoch', plot.left + plot.width / 2, plot.top + plot.height + 16);
  for (const key of ['loss', 'valLoss'] as const) {
    context.strokeStyle = COLORS[key];
    context.lineWidth = 2;
    context.beginPath();
    reports.forEach((report, i) => (i === 0 ? context.moveTo(x(report.epoch), y(report[key])) : context.lineTo(x(report.epoch), y(report[key]))));
    context.stroke();
  }
  legend(context, plot.left + plot.width, [['training loss', COLORS.loss], ['validation loss', COLORS.valLoss]]);
}

function legend(context: CanvasRenderingContext2D, right: number, entries: readonly (readonly [string, string])[]): void {
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  let x = right;
  for (const [label, color] of [...entries].reverse()) {
    x -= context.measureText(label).width + 24;
    context.fillStyle = color;
    context.fillRect(x, 8, 14, 4);
    context.fillStyle = COLORS.text;
    context.fillText(label, x + 18, 10);
  }
}

/** The smallest of 1, 2 or 5 times a power of ten that is at least `value`: a round top for the axis. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}
