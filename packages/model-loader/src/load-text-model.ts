import { ConfuError } from '@confu/errors';
import { createTextModel } from '@confu/engine';
import { CausalLm } from '@confu/model';
import type {
  LoadModelOptions,
  ModelSource,
  TensorRuntime,
  TextModel,
  FileSource,
} from '@confu/core';
import { decoderInfoFromSpec } from '@confu/model-builder';
import type { DecoderSpec } from '@confu/model-builder';
import { convertCheckpoint } from './convert-checkpoint.js';
import type { ConvertedCheckpoint } from './convert-checkpoint.js';
import { detectCheckpoint } from './detect-checkpoint.js';
import type { CheckpointLayout } from './detect-checkpoint.js';
import { loadCheckpointTokenizer } from './load-tokenizer.js';

/** A graph ready for a runtime, and its metadata. */
export interface MaterializedModel {
  readonly model: ModelSource;
  readonly spec: DecoderSpec;
}

/**
 * Where converted graphs live. The default keeps them in memory (browser); `@confu/node` stores
 * them on disk so later loads skip the conversion and memory-map the weights.
 */
export interface ConvertedModelStore {
  materialize(
    source: FileSource,
    layout: CheckpointLayout,
    convert: () => Promise<ConvertedCheckpoint>,
  ): Promise<MaterializedModel>;
}

/** Options of {@link loadTextModel}. */
export interface LoadTextModelOptions {
  readonly source: FileSource;
  readonly runtime: TensorRuntime;
  readonly loadOptions?: LoadModelOptions;
  readonly store?: ConvertedModelStore;
}

/** Keeps converted graphs in memory and hands them to the runtime as bytes. */
export const memoryModelStore: ConvertedModelStore = {
  async materialize(_source, _layout, convert) {
    const { built, spec } = await convert();
    const data = concatChunks(built.externalData.chunks, built.externalData.byteLength);
    const externalData = data.length > 0 ? [{ path: built.externalData.path, data }] : [];
    return { model: { kind: 'bytes', model: built.model, externalData }, spec };
  },
};

/**
 * Checkpoint directory → {@link TextModel}: detects the layout, loads the tokenizer, converts the
 * weights to a target graph (or reuses a stored one) and opens a session on `runtime`.
 */
export async function loadTextModel(options: LoadTextModelOptions): Promise<TextModel> {
  const { source, runtime } = options;
  const layout = await detectCheckpoint(source);
  const store = options.store ?? memoryModelStore;
  // The tokenizer first: ids it cannot produce are masked in the graph.
  const tokenizer = await loadCheckpointTokenizer(source, layout);
  const { model, spec } = await store.materialize(source, layout, () =>
    convertCheckpoint(source, layout, { validVocabSize: tokenizer.vocabSize }),
  );
  if (tokenizer.vocabSize > spec.config.vocabSize) {
    throw new ConfuError(
      'INVALID_CONFIG',
      `${source.describe('')}: the tokenizer has ${tokenizer.vocabSize} ids but the model only ${spec.config.vocabSize} embedding rows`,
    );
  }
  const session = await runtime.loadModel(model, options.loadOptions);
  const lm = new CausalLm(session, decoderInfoFromSpec(spec));
  const stopTokens = [...new Set([...spec.eosTokenIds, ...tokenizer.eosTokenIds])];
  return createTextModel({ lm, tokenizer, stopTokens });
}

function concatChunks(chunks: readonly Uint8Array[], byteLength: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const data = new Uint8Array(byteLength);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.length;
  }
  return data;
}
