import { NntsError, RandomGenerator } from '@nnts/tensor';
import type { SequentialConfig } from '@nnts/train';
import { Sequential } from '@nnts/train';
import { StoreError } from './errors';
import type { StoredTensor } from './snapshots';
import { applyToModel } from './snapshots';

// A model is rebuilt from an architecture (JSON) and stored tensors. Building allocates every
// parameter, so an architecture that claims Dense(4, 5e7) would cost 800 MB before the tensors are
// found not to fit. The sizes it claims are checked against the tensors first: every option that
// sets a parameter's size (units, filters, inputs, inputDim, outputDim, kernelSize) is at most the
// number of values stored for that layer, since each parameterised layer holds at least that many.

/** Options whose value is a dimension of the layer's parameters. */
const SIZE_OPTIONS = ['units', 'filters', 'inputs', 'inputDim', 'outputDim', 'kernelSize'];

/** Parses an architecture's JSON, refusing anything that is not a Sequential description, before it is used. */
export function parseArchitecture(text: string, source: string): SequentialConfig & { readonly format?: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StoreError(`${source}: the architecture is not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StoreError(`${source}: the architecture must be a JSON object with layers and loss, got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  const config = parsed as Record<string, unknown>;
  const layers = config.layers;
  if (!Array.isArray(layers) || layers.length === 0 || layers.some((l) => typeof l !== 'object' || l === null || typeof (l as { kind?: unknown }).kind !== 'string')) {
    throw new StoreError(`${source}: the architecture's layers must be a non-empty array of layer configs with a kind`);
  }
  const loss = config.loss as { name?: unknown } | undefined;
  if (typeof loss !== 'object' || loss === null || typeof loss.name !== 'string') throw new StoreError(`${source}: the architecture's loss must be a config with a name`);
  for (const field of ['inputShape'] as const) {
    const shape = config[field];
    if (shape !== undefined && !(Array.isArray(shape) && shape.length > 0 && shape.every((d) => Number.isSafeInteger(d) && d >= 1))) {
      throw new StoreError(`${source}: the architecture's ${field} must be positive integers, got ${JSON.stringify(shape)}`);
    }
  }
  return config as unknown as SequentialConfig;
}

/**
 * Builds the model an architecture describes and copies `stored` into it, after checking that the
 * sizes it claims can be backed by the stored tensors (see above): nothing large is allocated for an
 * architecture that does not fit them. A layer config the layers refuse becomes a StoreError too.
 */
export function buildStoredModel(config: SequentialConfig, stored: readonly StoredTensor[], source: string): Sequential {
  assertSizesBacked(config, stored, source);
  let model: Sequential;
  try {
    model = Sequential.fromConfig(config, new RandomGenerator(0));
  } catch (error) {
    if (error instanceof NntsError || error instanceof RangeError || error instanceof TypeError) {
      throw new StoreError(`${source}: the architecture cannot be built: ${error.message}`);
    }
    throw error;
  }
  applyToModel(model, stored, source);
  return model;
}

function assertSizesBacked(config: SequentialConfig, stored: readonly StoredTensor[], source: string): void {
  config.layers.forEach((layer, i) => {
    const prefix = `${layer.kind}_${i}.`;
    let values = 0;
    for (const { key, tensor } of stored) if (key.startsWith(prefix)) values += tensor.size;
    for (const [option, size] of sizesIn(layer)) {
      if (!(typeof size === 'number' && Number.isSafeInteger(size) && size >= 1)) throw new StoreError(`${source}: layer ${i} (${layer.kind}) has ${option} ${JSON.stringify(size)}; expected a positive integer`);
      if (size > values) {
        throw new StoreError(`${source}: layer ${i} (${layer.kind}) claims ${option} ${size}, more than the ${values} values stored for it: the architecture does not fit the tensors`);
      }
    }
  });
}

/** Every size option of a layer config, nested configs (Bidirectional's layer) included. */
function sizesIn(config: Readonly<Record<string, unknown>>): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const [key, value] of Object.entries(config)) {
    if (value === null || value === undefined) continue;
    if (SIZE_OPTIONS.includes(key)) {
      for (const size of Array.isArray(value) ? value : [value]) found.push([key, size]);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { kind?: unknown }).kind === 'string') {
      found.push(...sizesIn(value as Record<string, unknown>));
    }
  }
  return found;
}
