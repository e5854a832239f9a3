/** Draws an 8x8 image of 0-16 pixels on `canvas`, dark on light as the data set is usually shown. */
export function drawPixels(canvas: HTMLCanvasElement, pixels: ArrayLike<number> | null): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const cell = canvas.width / 8;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  if (!pixels) return;
  for (let i = 0; i < 64; i++) {
    const shade = Math.round(255 * (1 - pixels[i]! / 16));
    context.fillStyle = `rgb(${shade}, ${shade}, ${shade})`;
    context.fillRect((i % 8) * cell, Math.floor(i / 8) * cell, cell, cell);
  }
}
