import type { Shape } from '@nnts/tensor';
import { isActivatedLayer } from '@nnts/layers';
import type { Sequential } from './sequential';

/** Keras's way of writing a batch of samples of `shape`: (None, 14, 14, 6). */
export function formatBatchShape(shape: Shape): string {
  return `(None, ${shape.join(', ')})`;
}

/** Keras-style table: one row per layer with its output shape and parameter count, then totals. */
export function formatSummary(model: Sequential, backend: string): string {
  const rows = model.layers.map((layer, i) => {
    const config = layer.getConfig();
    const activation = config.kind === 'activation' ? (config.activation as { name: string }).name : isActivatedLayer(layer) ? layer.activation?.name : undefined;
    const count = layer.parameters().reduce((s, p) => s + p.value.size, 0);
    return [`${model.layerNames[i]} (${layer.kind}${activation ? ` ${activation}` : ''})`, formatBatchShape(model.outputShapes[i]!), String(count)];
  });
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)) + 4);
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 2 ? cell.padStart(widths[c]! - 4) : cell.padEnd(widths[c]!))).join('').trimEnd();
  const rule = (char: string): string => char.repeat(widths.reduce((a, b) => a + b, 0) - 4);
  const trainable = model.namedParameters().reduce((s, { parameter }) => s + parameter.value.size, 0);
  const fixed = model.namedBuffers().reduce((s, b) => s + b.value.size, 0);
  return [
    `Model: Sequential, input ${formatBatchShape(model.inputShape)}, loss ${model.loss.name}, backend ${backend}`,
    rule('_'), line(header), rule('='),
    ...rows.map(line), rule('='),
    `Total params: ${(trainable + fixed).toLocaleString('en-US')}`,
    `Trainable params: ${trainable.toLocaleString('en-US')}`,
    `Non-trainable params: ${fixed.toLocaleString('en-US')}`,
    rule('_'),
  ].join('\n');
}
