import type { NativeBinding } from '@nnts/native';
import type { Backend, ConvGeometry } from '../backend';
import { jsBackend } from '../js/js-backend';

/**
 * The native backend: the addon's threaded GEMM, convolutions, pooling and fused kernels, with the
 * TypeScript kernels for what a training step does not repeat (general broadcasting, max/argmax reductions).
 * `activationCodes` maps activation names to the addon's codes (the package's ACTIVATION_CODES).
 */
export function createNativeBackend(binding: NativeBinding, activationCodes: Readonly<Record<string, number>>): Backend {
  const { isa, threads } = binding.info();
  // The geometry crosses to the addon as 15 int32s in ConvGeometry's field order, in one array reused
  // by every call (the addon reads it before it returns).
  const geometry = new Int32Array(15);
  const packed = (g: ConvGeometry): Int32Array => {
    geometry[0] = g.batch;
    geometry[1] = g.inHeight;
    geometry[2] = g.inWidth;
    geometry[3] = g.inChannels;
    geometry[4] = g.outHeight;
    geometry[5] = g.outWidth;
    geometry[6] = g.outChannels;
    geometry[7] = g.kernelHeight;
    geometry[8] = g.kernelWidth;
    geometry[9] = g.strideHeight;
    geometry[10] = g.strideWidth;
    geometry[11] = g.dilationHeight;
    geometry[12] = g.dilationWidth;
    geometry[13] = g.padTop;
    geometry[14] = g.padLeft;
    return geometry;
  };
  return {
    name: 'native',
    details: `${isa}, ${threads} thread${threads === 1 ? '' : 's'}`,
    matmul: (a, b, out, m, k, n, transposeA, transposeB, bias) => binding.matmul(a, b, out, m, k, n, transposeA, transposeB, bias),
    unary: jsBackend.unary,
    binary: jsBackend.binary,
    reduce: (op, x, out, outer, axisLength, inner) =>
      op === 'sum' ? binding.sum(x, out, outer, axisLength, inner) : jsBackend.reduce(op, x, out, outer, axisLength, inner),
    // y - (-alpha)·x is y + alpha·x exactly: negation is exact in floating point.
    addScaled: (y, x, alpha) => binding.sgd(y, x, -alpha),
    conv2d: (x, kernel, bias, out, g) => binding.conv2d(x, kernel, bias, out, packed(g)),
    conv2dBackpropInput: (dy, kernel, dx, g) => binding.conv2dBackpropInput(dy, kernel, dx, packed(g)),
    conv2dBackpropFilter: (x, dy, dkernel, g) => binding.conv2dBackpropFilter(x, dy, dkernel, packed(g)),
    maxPool2d: (x, out, indices, g) => binding.maxPool2d(x, out, indices, packed(g)),
    maxPool2dBackprop: (dy, indices, dx) => binding.maxPool2dBackprop(dy, indices, dx),
    avgPool2d: (x, out, g) => binding.avgPool2d(x, out, packed(g)),
    avgPool2dBackprop: (dy, dx, g) => binding.avgPool2dBackprop(dy, dx, packed(g)),
    matmulActivation: (a, b, out, m, k, n, transposeA, transposeB, bias, name, alpha, activated) => {
      const code = activationCodes[name];
      if (code === undefined) return false;
      binding.matmul(a, b, out, m, k, n, transposeA, transposeB, bias, code, alpha, activated);
      return true;
    },
    conv2dActivation: (x, kernel, bias, out, g, name, alpha, activated) => {
      const code = activationCodes[name];
      if (code === undefined) return false;
      binding.conv2d(x, kernel, bias, out, packed(g), code, alpha, activated);
      return true;
    },
    activation: (name, z, out, alpha) => {
      const code = activationCodes[name];
      if (code === undefined) return false;
      binding.activation(code, z, out, alpha);
      return true;
    },
    activationBackward: (name, gradOutput, z, a, out, alpha) => {
      const code = activationCodes[name];
      if (code === undefined) return false;
      binding.activationBackward(code, gradOutput, z, a, out, alpha);
      return true;
    },
    softmax: (z, out, rows, cols) => binding.softmax(z, out, rows, cols),
    randomBits: (state, out) => binding.randomBits(state, out),
    dropout: (bits, threshold, keep, x, out) => binding.dropout(bits, threshold, keep, x, out),
    softmaxCrossEntropyBackward: (p, target, labels, out, rows, cols, epsilon) => binding.softmaxCrossEntropyBackward(p, target, labels, out, rows, cols, epsilon),
    allFinite: (x) => binding.allFinite(x),
    gatherRows: (x, indices, out, rows, width) => binding.gatherRows(x, indices, out, rows, width),
    sgdMomentum: (w, g, v, learningRate, momentum, nesterov) => binding.sgdMomentum(w, g, v, learningRate, momentum, nesterov),
    rmsprop: (w, g, s, learningRate, rho, epsilon) => binding.rmsprop(w, g, s, learningRate, rho, epsilon),
    adam: (w, g, m, v, learningRate, beta1, beta2, epsilon, c1, c2, shrink) => binding.adam(w, g, m, v, learningRate, beta1, beta2, epsilon, c1, c2, shrink),
    lstmCell: (xw, hu, cPrev, gates, c, tanhC, h, rows, units) => binding.lstmCell(xw, hu, cPrev, gates, c, tanhC, h, rows, units),
    lstmCellBackward: (gates, cPrev, tanhC, dh, dc, dz, rows, units) => binding.lstmCellBackward(gates, cPrev, tanhC, dh, dc, dz, rows, units),
    gruCell: (xw, hu, hPrev, gates, h, rows, units) => binding.gruCell(xw, hu, hPrev, gates, h, rows, units),
    gruCellBackward: (gates, hu, hPrev, dh, dxw, dhu, dhPrev, rows, units) => binding.gruCellBackward(gates, hu, hPrev, dh, dxw, dhu, dhPrev, rows, units),
    swapLeadingAxes: (x, out, outer, inner, width) => binding.swapLeadingAxes(x, out, outer, inner, width),
  };
}
