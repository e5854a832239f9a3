import { NntsError } from '@nnts/tensor';

/** A canvas to draw on with the mouse, a pen or a finger. */
export interface SketchPad {
  /** The drawing: black ink on a transparent canvas, so the alpha channel is the ink. */
  image(): ImageData;
  clear(): void;
  /** Whether anything is drawn. */
  readonly empty: boolean;
}

/**
 * Turns `canvas` into a sketch pad with a round pen `penWidth` canvas pixels wide; `onStroke` runs
 * after each stroke. Pointer events cover mouse, pen and touch alike.
 */
export function createSketchPad(canvas: HTMLCanvasElement, options: { readonly penWidth: number; readonly onStroke: () => void }): SketchPad {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new NntsError('sketch pad: this browser gives the canvas no 2-D context');
  let drawing = false;
  let empty = true;
  // The canvas may be shown at another size than its pixels; its border is not drawn on.
  const point = (event: PointerEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left - canvas.clientLeft) * canvas.width) / canvas.clientWidth,
      ((event.clientY - box.top - canvas.clientTop) * canvas.height) / canvas.clientHeight,
    ];
  };
  canvas.addEventListener('pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    empty = false;
    const [x, y] = point(event);
    Object.assign(context, { lineWidth: options.penWidth, lineCap: 'round', lineJoin: 'round', strokeStyle: '#000' });
    context.beginPath();
    context.moveTo(x, y);
    // A click leaves a dot.
    context.lineTo(x, y + 0.01);
    context.stroke();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const [x, y] = point(event);
    context.lineTo(x, y);
    context.stroke();
  });
  const end = (): void => {
    if (!drawing) return;
    drawing = false;
    options.onStroke();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  return {
    image: () => context.getImageData(0, 0, canvas.width, canvas.height),
    clear: () => {
      context.clearRect(0, 0, canvas.width, canvas.height);
      empty = true;
    },
    get empty() {
      return empty;
    },
  };
}
