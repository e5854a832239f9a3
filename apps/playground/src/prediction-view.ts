import type { DigitPrediction } from './predict-digit';

/**
 * Shows a prediction in `element`: the digit read, then one bar per digit with its probability. The
 * values are also in data attributes (data-label, data-digit, data-probability) for scripts and tests.
 */
export function showPrediction(element: HTMLElement, prediction: DigitPrediction | null): void {
  element.replaceChildren();
  if (!prediction) {
    delete element.dataset.label;
    element.append(paragraph('Draw a digit in the box.'));
    return;
  }
  element.dataset.label = String(prediction.label);
  const heading = paragraph('The network reads ');
  const digit = document.createElement('strong');
  digit.className = 'predicted-digit';
  digit.textContent = String(prediction.label);
  heading.append(digit, ` (${percent(prediction.probabilities[prediction.label]!)})`);
  const list = document.createElement('ol');
  list.className = 'probabilities';
  prediction.probabilities.forEach((probability, d) => {
    const row = document.createElement('li');
    row.dataset.digit = String(d);
    row.dataset.probability = String(probability);
    if (d === prediction.label) row.className = 'best';
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${(100 * probability).toFixed(1)}%`;
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = `${d}`;
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = percent(probability);
    const track = document.createElement('span');
    track.className = 'track';
    track.append(bar);
    row.append(label, track, value);
    list.append(row);
  });
  element.append(heading, list);
}

function paragraph(text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

function percent(probability: number): string {
  return `${(100 * probability).toFixed(1)}%`;
}
