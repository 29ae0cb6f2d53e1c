import { ConfuError } from '@confu/errors';
import type { RecordedValue } from '../graph/recorded-graph.js';
import { RecordingGraph } from '../graph/recording-graph.js';
import { staticDims } from '../graph/tensor-info.js';

/** What `buildForward` returns: the scalar loss and the trainable tensors. */
export interface ForwardSpec {
  /** A float tensor with one element. */
  readonly loss: string;
  /** float32 graph inputs or initializers with fixed dims; initializers become inputs. */
  readonly params: readonly string[];
}

/**
 * Builds the forward graph into `g`. Called once per compiled graph, so it must build the same
 * graph every time.
 */
export type BuildForward = (g: RecordingGraph) => ForwardSpec;

/** A trainable parameter: fixed dims and, when it was an initializer, its values. */
export interface ParameterSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly initial: Float32Array | undefined;
}

/** A recorded forward graph with its loss, parameters and the batch inputs it expects. */
export interface RecordedForward {
  readonly g: RecordingGraph;
  readonly loss: string;
  readonly parameters: readonly ParameterSpec[];
  readonly batchInputs: readonly RecordedValue[];
}

function fail(message: string): never {
  throw new ConfuError('INVALID_ARGUMENT', `buildForward: ${message}`);
}

/**
 * Records `buildForward` and validates its result.
 * @throws ConfuError `INVALID_ARGUMENT` for a missing or non-scalar loss, or a parameter that is
 * not a float32 input or initializer with fixed dims.
 */
export function recordForward(buildForward: BuildForward): RecordedForward {
  const g = new RecordingGraph({ name: 'training_step' });
  const { loss, params } = buildForward(g);
  const lossInfo = g.info(loss);
  if (!lossInfo) fail(`loss \`${loss}\` is not a tensor of the graph (or its shape is unknown)`);
  if (lossInfo.dtype !== 'float32' || !lossInfo.dims.every((dim) => dim === 1)) {
    fail(`loss \`${loss}\` must be a float32 tensor with one element`);
  }
  if (new Set(params).size !== params.length) fail('params lists a name twice');
  const parameters = params.map((name): ParameterSpec => {
    const initializer = g.initializers.get(name);
    const input = g.inputs.find((value) => value.name === name);
    const declared = initializer ?? input;
    const dims = declared && staticDims(declared.dims);
    if (!declared || declared.dtype !== 'float32' || !dims) {
      fail(`param \`${name}\` must be a float32 graph input or initializer with fixed dims`);
    }
    return { name, dims, initial: initializer?.data as Float32Array | undefined };
  });
  const batchInputs = g.inputs.filter((input) => !params.includes(input.name));
  return { g, loss, parameters, batchInputs };
}
