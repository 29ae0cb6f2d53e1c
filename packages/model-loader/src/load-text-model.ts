import { ConfuError } from '@confu/errors';
import { createTextModel } from '@confu/engine';
import { CausalLm } from '@confu/model';
import type {
  LoadModelOptions,
  ModelDtype,
  ModelSession,
  ModelSource,
  TensorRuntime,
  TextModel,
  FileSource,
} from '@confu/core';
import { decoderInfoFromSpec } from '@confu/model-builder';
import type { DecoderSpec } from '@confu/model-builder';
import { accuracyLevelFor, assertSupportedDtype } from './assert-dtype.js';
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
    /** Distinguishes conversions of the same files (dtype, runtime settings): part of the key. */
    variant?: string,
    /** `rebuild`: convert again, replacing a stored graph the runtime could not load. */
    options?: { readonly rebuild?: boolean },
  ): Promise<MaterializedModel>;
}

/** Options of {@link loadTextModel}. */
export interface LoadTextModelOptions {
  readonly source: FileSource;
  readonly runtime: TensorRuntime;
  readonly loadOptions?: LoadModelOptions;
  readonly store?: ConvertedModelStore;
  /** How the matrices are stored (converted and cached per dtype). Default `fp32`. */
  readonly dtype?: ModelDtype;
  /** `MatMulNBits` `accuracy_level` of q8 / q4 graphs. Default: the runtime's (see accuracyLevelFor). */
  readonly accuracyLevel?: number;
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
  assertSupportedDtype(options.dtype, runtime);
  const dtype = options.dtype ?? 'fp32';
  const accuracyLevel = options.accuracyLevel ?? accuracyLevelFor(runtime);
  const layout = await detectCheckpoint(source);
  const store = options.store ?? memoryModelStore;
  // The tokenizer first: ids it cannot produce are masked in the graph.
  const tokenizer = await loadCheckpointTokenizer(source, layout);
  const materialize = (rebuild: boolean) =>
    store.materialize(
      source,
      layout,
      () =>
        convertCheckpoint(source, layout, {
          validVocabSize: tokenizer.vocabSize,
          dtype,
          accuracyLevel,
        }),
      `${dtype}/a${accuracyLevel}`,
      { rebuild },
    );
  let { model, spec } = await materialize(false);
  if (tokenizer.vocabSize > spec.config.vocabSize) {
    throw new ConfuError(
      'INVALID_CONFIG',
      `${source.describe('')}: the tokenizer has ${tokenizer.vocabSize} ids but the model only ${spec.config.vocabSize} embedding rows`,
    );
  }
  let session: ModelSession;
  try {
    session = await runtime.loadModel(model, options.loadOptions);
  } catch (error) {
    // A stored graph the runtime rejects (damaged on disk) is converted again, once.
    if (
      model.kind !== 'path' ||
      !ConfuError.isInstance(error) ||
      error.code !== 'MODEL_LOAD_FAILED'
    )
      throw error;
    ({ model, spec } = await materialize(true));
    session = await runtime.loadModel(model, options.loadOptions);
  }
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
