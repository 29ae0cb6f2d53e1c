import { ConfuError } from '@confu/errors';
import type { DecoderWeights } from '../decoder/decoder-weights.js';
import type { FileSource } from '@confu/core';
import { parseGenerationIds } from './generation-ids.js';
import type { GenerationIds } from './generation-ids.js';
import { loadDecoderWeights } from './load-decoder-weights.js';
import { parseHuggingFaceConfig } from './parse-hugging-face-config.js';
import type { HuggingFaceModelType } from './parse-hugging-face-config.js';
import { readJsonObject, readTextFile } from './read-json-file.js';
import { openSafetensorsCheckpoint } from './safetensors-checkpoint.js';

/** Tokenizer files found next to the weights, unparsed (the tokenizer package parses them). */
export interface HuggingFaceTokenizerFiles {
  /** The text of `tokenizer.json`. */
  readonly tokenizerJson?: string;
  /** `tokenizer_config.json`, parsed. */
  readonly tokenizerConfig?: Readonly<Record<string, unknown>>;
}

/** Options of {@link importHuggingFace}. */
export interface ImportHuggingFaceOptions {
  /**
   * Recorded as `weights.source.name`. Default: the weights file, `model.safetensors` or
   * `model.safetensors.index.json`.
   */
  readonly name?: string;
}

/** What {@link importHuggingFace} found in a model directory. */
export interface HuggingFaceImport {
  /** Also carries `source` and the generation token ids. */
  readonly weights: DecoderWeights;
  readonly modelType: HuggingFaceModelType;
  /** Mistral attention window, when smaller than the context (see `HuggingFaceConfig`). */
  readonly slidingWindow?: number;
  readonly tokenizerFiles: HuggingFaceTokenizerFiles;
  /** Token ids from generation_config.json, falling back to config.json field by field. */
  readonly generation?: GenerationIds;
}

/**
 * Imports a transformers checkpoint of model_type llama, mistral, qwen2 or qwen3: `config.json`
 * plus `model.safetensors` or a sharded `model.safetensors.index.json`, and the optional
 * `tokenizer.json`, `tokenizer_config.json` and `generation_config.json`.
 * @throws ConfuError `FILE_NOT_FOUND` (config or weights missing), `INVALID_CONFIG`,
 * `INVALID_FILE`, `UNSUPPORTED`; each message names the file and the offending value.
 */
export async function importHuggingFace(
  source: FileSource,
  options: ImportHuggingFaceOptions = {},
): Promise<HuggingFaceImport> {
  const files = new Set(await source.list());
  const configLabel = source.describe('config.json');
  const configJson = await readJsonObject(source, 'config.json');
  const { modelType, config, slidingWindow } = parseHuggingFaceConfig(configJson, configLabel);
  const readIfPresent = async <T>(name: string, reader: (name: string) => Promise<T>) =>
    files.has(name) ? reader(name) : undefined;
  const tokenizerJson = await readIfPresent('tokenizer.json', (name) => readTextFile(source, name));
  const tokenizerConfig = await readIfPresent('tokenizer_config.json', (name) =>
    readJsonObject(source, name),
  );
  const generationJson = await readIfPresent('generation_config.json', (name) =>
    readJsonObject(source, name),
  );
  const generation = {
    ...parseGenerationIds(configJson, configLabel, config.vocabSize),
    ...(generationJson &&
      parseGenerationIds(
        generationJson,
        source.describe('generation_config.json'),
        config.vocabSize,
      )),
  };
  // Side files first: a bad one fails before gigabytes of weights are read.
  const checkpoint = await openSafetensorsCheckpoint(source);
  const loaded = await loadDecoderWeights(checkpoint, config, configLabel);
  const tapLayers = recordedTapLayers(configJson, configLabel, config.numLayers);
  const weights: DecoderWeights = {
    ...loaded,
    source: { kind: 'huggingface', name: options.name ?? checkpoint.file },
    ...generation,
    ...(tapLayers ? { tapLayers } : {}),
  };
  return {
    weights,
    modelType,
    ...(slidingWindow === undefined ? {} : { slidingWindow }),
    tokenizerFiles: {
      ...(tokenizerJson === undefined ? {} : { tokenizerJson }),
      ...(tokenizerConfig === undefined ? {} : { tokenizerConfig }),
    },
    ...(Object.keys(generation).length > 0 ? { generation } : {}),
  };
}

/** `confu.tap_layers`: layer indices in `[0, numLayers)`, when the config records them. */
function recordedTapLayers(
  json: Readonly<Record<string, unknown>>,
  label: string,
  numLayers: number,
): number[] | undefined {
  const confu = json['confu'];
  if (typeof confu !== 'object' || confu === null) return undefined;
  const layers = (confu as Record<string, unknown>)['tap_layers'];
  if (layers === undefined) return undefined;
  if (
    !Array.isArray(layers) ||
    layers.length === 0 ||
    !layers.every((layer) => Number.isInteger(layer) && layer >= 0 && layer < numLayers)
  ) {
    throw new ConfuError(
      'INVALID_CONFIG',
      `${label}: "confu.tap_layers" must list layer indices in [0, ${numLayers}), got ${JSON.stringify(layers)}`,
    );
  }
  return layers as number[];
}
