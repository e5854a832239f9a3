import type { Activation } from '@nnts/activations';
import type { Initializer, Layer } from '@nnts/layers';
import { ActivationLayer, Dense } from '@nnts/layers';
import type { DType, RandomGenerator, Tensor } from '@nnts/tensor';
import { tensor } from '@nnts/tensor';
import type { Sequential } from '@nnts/train';

/** Dense + activation pairs for a list of [units, activation, initialiser]. */
export function stack(inputs: number, spec: readonly [number, Activation, Initializer][], random: RandomGenerator, dtype: DType = 'float32'): Layer[] {
  const layers: Layer[] = [];
  let width = inputs;
  for (const [units, activation, initializer] of spec) {
    layers.push(new Dense(width, units, { initializer, random, dtype }), new ActivationLayer(activation));
    width = units;
  }
  return layers;
}

/** Rows of a 2-D data set as chart points, labelled by class name. */
export function points(x: Tensor, labels: ArrayLike<number>, names?: readonly string[]): { x: number; y: number; label: string }[] {
  return Array.from({ length: x.shape[0]! }, (_, i) => ({ x: x.get(i, 0), y: x.get(i, 1), label: names?.[labels[i]!] ?? String(labels[i]) }));
}

/** Curves by name (per-epoch values) as the points of a line chart, epochs counted from 1. */
export function curveRows(curves: Readonly<Record<string, readonly number[]>>): { x: number; y: number; series: string }[] {
  return Object.entries(curves).flatMap(([series, values]) => values.map((y, epoch) => ({ x: epoch + 1, y, series })));
}

/** Class labels from predictions: argmax of rows, or a 0.5 threshold for a single column. */
export function predictedClasses(yPred: Tensor): number[] {
  const [rows, columns] = yPred.shape as [number, number];
  return Array.from({ length: rows }, (_, r) => {
    if (columns === 1) return yPred.get(r, 0) >= 0.5 ? 1 : 0;
    let best = 0;
    for (let k = 1; k < columns; k++) if (yPred.get(r, k) > yPred.get(r, best)) best = k;
    return best;
  });
}

/**
 * The model's class over a grid covering x (with a margin): what a decision-region chart draws.
 * `transform` maps raw grid points to the model's input space (a fitted scaler).
 */
export function gridPredictions(model: Sequential, x: Tensor, steps = 60, transform: (t: Tensor) => Tensor = (t) => t, names?: readonly string[]): {
  grid: { x: number; y: number; label: string }[]; step: [number, number];
} {
  const column = (c: number): number[] => Array.from({ length: x.shape[0]! }, (_, i) => x.get(i, c));
  const [xs, ys] = [column(0), column(1)];
  const margin = (values: number[]): [number, number] => {
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const pad = (high - low) * 0.08;
    return [low - pad, high + pad];
  };
  const [[x0, x1], [y0, y1]] = [margin(xs), margin(ys)];
  const step: [number, number] = [(x1 - x0) / steps, (y1 - y0) / steps];
  const cells: number[][] = [];
  for (let i = 0; i < steps; i++) for (let j = 0; j < steps; j++) cells.push([x0 + i * step[0], y0 + j * step[1]]);
  const grid = tensor(cells, { dtype: x.dtype });
  const labels = predictedClasses(model.predict(transform(tensor(grid.data.map((v, k) => v + step[k % 2]! / 2), { shape: grid.shape }))));
  return { grid: cells.map(([gx, gy], k) => ({ x: gx!, y: gy!, label: names?.[labels[k]!] ?? String(labels[k]) })), step };
}

/** A number rounded for the JSON line and the console. */
export const round = (value: number, digits = 4): number => Number(value.toFixed(digits));
