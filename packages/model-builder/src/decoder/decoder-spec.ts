import type { ModelDtype } from '@confu/core';
import { ConfuError } from '@confu/errors';
import type { DecoderBuildOptions } from './decoder-build-options.js';
import type { DecoderConfig, DecoderWeights } from '@confu/checkpoint';
import { resolveTapLayers } from './tap-layers.js';

/**
 * Metadata of a built decoder, saved as `confu-model.json` beside `model.onnx`
 * (docs/architecture/target-graph.md). Plain JSON.
 */
export interface DecoderSpec {
  readonly format: 'confu-decoder';
  readonly version: 1;
  readonly config: DecoderConfig;
  /** Layers whose input hidden states are concatenated into `hidden_taps`, low → high. */
  readonly tapLayers: readonly number[];
  readonly inputs: 'ids' | 'embeds';
  /**
   * Whether the graph takes `extra_embeds`. Always written by {@link createDecoderSpec}; absent
   * only in specs saved before the input existed, which means `false`.
   */
  readonly extraEmbeds?: boolean;
  readonly maskType: 'additive' | 'bool';
  /** Ids below it are the tokenizer's; the graph masks the others (absent: every id is valid). */
  readonly validVocabSize?: number;
  /** How the graph stores its matrices (absent in specs from before quantised graphs: fp32). */
  readonly dtype?: ModelDtype;
  /** Token prompts start with; `null` when the model has none. */
  readonly bosTokenId: number | null;
  /** Sampling one of these ends generation. */
  readonly eosTokenIds: readonly number[];
  readonly source: { readonly kind: 'llama2c' | 'huggingface'; readonly sha256: string };
}

/** Options of {@link createDecoderSpec}: the graph options used, plus facts the weights lack. */
export interface DecoderSpecOptions extends Pick<
  DecoderBuildOptions,
  'inputs' | 'extraEmbeds' | 'maskType' | 'tapLayers' | 'validVocabSize' | 'dtype'
> {
  /** Hex SHA-256 of the source checkpoint (the caller hashes the file it read). */
  readonly sha256: string;
  /** Default `weights.source.kind`. */
  readonly sourceKind?: 'llama2c' | 'huggingface';
  /** Default `weights.bosTokenId`, else `null`. */
  readonly bosTokenId?: number | null;
  /** Default `weights.eosTokenIds`, else `[]`. */
  readonly eosTokenIds?: readonly number[];
}

/**
 * The spec describing the graph that {@link buildDecoderModel} builds from `weights` with the same
 * `inputs` / `extraEmbeds` / `maskType` / `tapLayers` options.
 * @throws ConfuError `INVALID_ARGUMENT` for a malformed hash, unknown source kind or bad tap layers.
 */
export function createDecoderSpec(
  weights: DecoderWeights,
  options: DecoderSpecOptions,
): DecoderSpec {
  const kind = options.sourceKind ?? weights.source?.kind;
  if (kind === undefined) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      '`sourceKind` is required when the weights carry no `source`',
    );
  }
  if (!/^[0-9a-f]{64}$/.test(options.sha256)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`sha256\` must be 64 lowercase hex digits, got "${options.sha256}"`,
    );
  }
  return {
    format: 'confu-decoder',
    version: 1,
    config: structuredClone(weights.config),
    tapLayers: resolveTapLayers(weights.config.numLayers, options.tapLayers ?? weights.tapLayers),
    inputs: options.inputs ?? 'ids',
    extraEmbeds: options.extraEmbeds ?? true,
    maskType: options.maskType ?? 'additive',
    dtype: options.dtype ?? 'fp32',
    ...(options.validVocabSize !== undefined && options.validVocabSize < weights.config.vocabSize
      ? { validVocabSize: options.validVocabSize }
      : {}),
    bosTokenId:
      options.bosTokenId !== undefined ? options.bosTokenId : (weights.bosTokenId ?? null),
    eosTokenIds: [...(options.eosTokenIds ?? weights.eosTokenIds ?? [])],
    source: { kind, sha256: options.sha256 },
  };
}
