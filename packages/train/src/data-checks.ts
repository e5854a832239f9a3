import type { DType, Tensor } from '@nnts/tensor';
import { DtypeError, ShapeError, assertFinite, assertTensor, formatShape } from '@nnts/tensor';
import type { Sequential } from './sequential';

// What fit, evaluate and predict check about their data before any step, identically on every
// backend: a Tensor (not nested arrays), the model's sample shape, finite values, and the model's
// dtype. Mixed dtypes are refused rather than converted: a silent conversion would copy a whole data
// set (and round float64 targets) behind the user's back, while astype(y, 'float32') says it.

/** The dtype the model's first parameterised layer computes in, or null when that layer takes ids (Embedding) or there is none. */
function inputDType(model: Sequential): DType | null {
  for (const layer of model.layers) {
    const parameters = layer.parameters();
    if (parameters.length === 0) continue;
    return layer.kind === 'embedding' ? null : parameters[0]!.value.dtype;
  }
  return null;
}

/** The dtype of the model's output: its last parameter's, or the inputs' for a model without parameters. */
function outputDType(model: Sequential, x: Tensor): DType {
  const parameters = model.namedParameters();
  return parameters.length > 0 ? parameters[parameters.length - 1]!.parameter.value.dtype : x.dtype;
}

/** Inputs for predict (and the input half of fit and evaluate): a finite Tensor of the model's sample shape and dtype. */
export function assertModelInputs(model: Sequential, x: unknown, operation: string, what = 'inputs'): asserts x is Tensor {
  assertTensor(operation, what, x);
  model.assertInput(x, operation, what);
  const dtype = inputDType(model);
  if (dtype !== null && x.dtype !== dtype) {
    throw new DtypeError(`${operation}: ${what} are ${x.dtype} but the model computes in ${dtype}: convert them with astype(x, '${dtype}') or build the model with { dtype: '${x.dtype}' }`);
  }
  assertFinite(x, `${operation}: ${what}`);
}

/** Inputs and targets for fit and evaluate: the inputs as above, targets with one row per input row, finite, of the output's dtype. */
export function assertModelData(model: Sequential, x: unknown, y: unknown, operation: string, what: string): asserts y is Tensor {
  assertModelInputs(model, x, operation, `${what} inputs`);
  assertTensor(operation, `${what} targets`, y);
  if (y.rank === 0 || y.shape[0] !== x.shape[0]) {
    throw new ShapeError(`${operation}: ${what} inputs ${formatShape(x.shape)} and targets ${formatShape(y.shape)} have different numbers of rows`);
  }
  if (x.shape[0] === 0) throw new ShapeError(`${operation}: no ${what} samples`);
  const dtype = outputDType(model, x);
  if (y.dtype !== dtype) {
    throw new DtypeError(`${operation}: ${what} targets are ${y.dtype} but the model's outputs are ${dtype}: convert them with astype(y, '${dtype}') or build the model with { dtype: '${y.dtype}' }`);
  }
  assertFinite(y, `${operation}: ${what} targets`);
}
