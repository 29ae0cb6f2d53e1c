import { createTensor } from '@confu/runtime';
import type { Tensor } from '@confu/core';
import { ConfuError } from '@confu/errors';
import type { ParameterSpec } from './record-forward.js';

/** Everything an update changes: parameters, Adam moments and the update count. */
export interface TrainingState {
  params: Map<string, Tensor<'float32'>>;
  m: Map<string, Tensor<'float32'>>;
  v: Map<string, Tensor<'float32'>>;
  /** Completed optimizer updates. */
  updates: number;
}

const zeros = (dims: readonly number[]): Tensor<'float32'> =>
  createTensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);

/**
 * The state before the first update: parameters from `initial` (copied, so the caller's arrays
 * are never aliased by later in-place use) or from the graph's initializers, zero moments.
 * @throws ConfuError `INVALID_ARGUMENT` for a missing or mis-sized initial value, or an unknown name.
 */
export function initialState(
  parameters: readonly ParameterSpec[],
  initial: Readonly<Record<string, Float32Array>> = {},
): TrainingState {
  const known = new Set(parameters.map((p) => p.name));
  for (const name of Object.keys(initial)) {
    if (!known.has(name))
      throw new ConfuError('INVALID_ARGUMENT', `initialParams: \`${name}\` is not a parameter`);
  }
  const state: TrainingState = { params: new Map(), m: new Map(), v: new Map(), updates: 0 };
  for (const { name, dims, initial: fromGraph } of parameters) {
    const values = initial[name] ?? fromGraph;
    const count = dims.reduce((a, b) => a * b, 1);
    if (!values || values.length !== count) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `initialParams: \`${name}\` needs ${count} float32 values (dims [${dims.join(', ')}]), got ${values?.length ?? 'none'}`,
      );
    }
    state.params.set(name, createTensor('float32', Float32Array.from(values), dims));
    state.m.set(name, zeros(dims));
    state.v.set(name, zeros(dims));
  }
  return state;
}

/** Zero gradient sums for the first micro-batch of an accumulated update. */
export function zeroGradientSums(
  parameters: readonly ParameterSpec[],
): Map<string, Tensor<'float32'>> {
  return new Map(parameters.map(({ name, dims }) => [name, zeros(dims)]));
}
