import type { NativeBinding } from '@nnts/native';
import type { Backend } from '../backend';
import { jsBackend } from '../js/js-backend';

/**
 * The native backend: the addon's threaded GEMM and fused kernels, with the TypeScript kernels for
 * what a training step does not repeat (general broadcasting, max/argmax reductions).
 * `activationCodes` maps activation names to the addon's codes (the package's ACTIVATION_CODES).
 */
export function createNativeBackend(binding: NativeBinding, activationCodes: Readonly<Record<string, number>>): Backend {
  const { isa, threads } = binding.info();
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
    conv2d: jsBackend.conv2d,
    conv2dBackpropInput: jsBackend.conv2dBackpropInput,
    conv2dBackpropFilter: jsBackend.conv2dBackpropFilter,
    maxPool2d: jsBackend.maxPool2d,
    maxPool2dBackprop: jsBackend.maxPool2dBackprop,
    avgPool2d: jsBackend.avgPool2d,
    avgPool2dBackprop: jsBackend.avgPool2dBackprop,
    matmulActivation: (a, b, out, m, k, n, transposeA, transposeB, bias, name, alpha, activated) => {
      const code = activationCodes[name];
      if (code === undefined) return false;
      binding.matmul(a, b, out, m, k, n, transposeA, transposeB, bias, code, alpha, activated);
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
    softmaxCrossEntropyBackward: (p, target, labels, out, rows, cols, epsilon) => binding.softmaxCrossEntropyBackward(p, target, labels, out, rows, cols, epsilon),
    allFinite: (x) => binding.allFinite(x),
    gatherRows: (x, indices, out, rows, width) => binding.gatherRows(x, indices, out, rows, width),
    sgdMomentum: (w, g, v, learningRate, momentum, nesterov) => binding.sgdMomentum(w, g, v, learningRate, momentum, nesterov),
    rmsprop: (w, g, s, learningRate, rho, epsilon) => binding.rmsprop(w, g, s, learningRate, rho, epsilon),
    adam: (w, g, m, v, learningRate, beta1, beta2, epsilon, c1, c2, shrink) => binding.adam(w, g, m, v, learningRate, beta1, beta2, epsilon, c1, c2, shrink),
  };
}
