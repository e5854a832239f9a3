// What the network sees of an image: its 64 pixels scaled from 0-16 to 0-1. A fixed scale rather
// than per-pixel standardisation: pixels at the border are almost always 0 in the data set, so their
// standard deviation is tiny and a drawn stroke that reaches them would become a huge input.

/** The network's inputs for images of 0-16 pixels, one value per pixel, in [0, 1]. */
export function toFeatures(pixels: ArrayLike<number>): Float32Array {
  const features = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) features[i] = pixels[i]! / 16;
  return features;
}
