import { ConfuError } from '@confu/errors';
import {
  createMemoryFileSource,
  readSafetensorsHeader,
  readTensor,
  writeSafetensors,
} from '@confu/checkpoint';
import type { SafetensorsTensorInput } from '@confu/checkpoint';
import { createTensor } from '@confu/runtime';
import type { ParameterSpec } from './record-forward.js';
import type { TrainingState } from './training-state.js';

const format = 'confu-trainer-checkpoint/1';
const key = {
  m: (name: string): string => `optimizer.adam_m.${name}`,
  v: (name: string): string => `optimizer.adam_v.${name}`,
};

/** What a checkpoint holds besides tensors. */
export interface CheckpointExtras {
  readonly randomState: string;
  /** Free-form strings stored alongside (e.g. a data cursor). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Serialises the training state as safetensors: parameters under their own names (the file is
 * also a plain weights file), moments under `optimizer.adam_m.*` / `optimizer.adam_v.*`, and the
 * update count and random state in `__metadata__`. All F32, so a resume is bit-exact.
 */
export function encodeCheckpoint(state: TrainingState, extras: CheckpointExtras): Uint8Array {
  const tensors: Record<string, SafetensorsTensorInput> = {};
  const put = (name: string, tensor: { dims: readonly number[]; data: Float32Array }): void => {
    tensors[name] = { dtype: 'F32', shape: tensor.dims, data: tensor.data };
  };
  for (const [name, tensor] of state.params) {
    put(name, tensor);
    put(key.m(name), state.m.get(name) ?? tensor);
    put(key.v(name), state.v.get(name) ?? tensor);
  }
  return writeSafetensors(tensors, {
    ...extras.metadata,
    format,
    updates: String(state.updates),
    random_state: extras.randomState,
  });
}

/**
 * Reads a checkpoint written by {@link encodeCheckpoint} for the same parameters.
 * @throws ConfuError `INVALID_FILE` for another format or a missing or mis-shaped tensor.
 */
export async function decodeCheckpoint(
  bytes: Uint8Array,
  parameters: readonly ParameterSpec[],
): Promise<{ state: TrainingState; randomState: string; metadata: Record<string, string> }> {
  const source = createMemoryFileSource({ 'checkpoint.safetensors': bytes }, 'checkpoint');
  const header = await readSafetensorsHeader(source, 'checkpoint.safetensors');
  const { metadata } = header;
  if (metadata.format !== format || metadata.random_state === undefined) {
    throw new ConfuError('INVALID_FILE', `checkpoint: not a ${format} file`);
  }
  const read = async (name: string, dims: readonly number[]) => {
    const info = header.tensors.get(name);
    if (info?.dtype !== 'F32' || info.shape.join(',') !== dims.join(',')) {
      throw new ConfuError(
        'INVALID_FILE',
        `checkpoint: tensor \`${name}\` is missing or not F32 [${dims.join(', ')}]`,
      );
    }
    return createTensor('float32', (await readTensor(source, header, name)) as Float32Array, dims);
  };
  const state: TrainingState = {
    params: new Map(),
    m: new Map(),
    v: new Map(),
    updates: Number(metadata.updates),
  };
  for (const { name, dims } of parameters) {
    state.params.set(name, await read(name, dims));
    state.m.set(name, await read(key.m(name), dims));
    state.v.set(name, await read(key.v(name), dims));
  }
  return { state, randomState: metadata.random_state, metadata: { ...metadata } };
}
