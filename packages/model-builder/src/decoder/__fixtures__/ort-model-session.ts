import * as ort from 'onnxruntime-node';
// Test-only bridge to the engine side: `@confu/model-builder` does not depend on these packages.
import type { ModelSession, Tensor } from '../../../../runtime/src/index.js';
import type { BuiltModel } from '../../onnx/graph-builder.js';
import { createSession } from './ort-decoder.js';

/** A `@confu/runtime` {@link ModelSession} over an onnxruntime-node session of `built`. */
export async function createModelSession(built: BuiltModel): Promise<ModelSession> {
  const session = await createSession(built);
  const run = async (
    feeds: Readonly<Record<string, Tensor>>,
    options: { readonly outputs?: readonly string[]; readonly signal?: AbortSignal } = {},
  ): Promise<Record<string, Tensor>> => {
    options.signal?.throwIfAborted();
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, tensor] of Object.entries(feeds))
      ortFeeds[name] = new ort.Tensor(tensor.dtype, tensor.data as Float32Array, [...tensor.dims]);
    const out = options.outputs
      ? await session.run(ortFeeds, [...options.outputs])
      : await session.run(ortFeeds);
    const result: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(out))
      result[name] = { dtype: tensor.type as Tensor['dtype'], dims: [...tensor.dims], data: tensor.data as Float32Array };
    return result;
  };
  const dispose = (): Promise<void> => session.release();
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
