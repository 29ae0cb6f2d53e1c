import { ConfuError } from '@confu/errors';
import { checkDecoderLimits, huggingFaceFieldNames } from '../decoder/decoder-limits.js';
import type { DecoderConfig } from '../decoder/decoder-weights.js';
import { formatValue } from '../safetensors/format-value.js';
import { createConfigFields } from './config-fields.js';
import { parseAttentionHeads } from './attention-heads.js';
import type { ConfigFields } from './config-fields.js';
import { parseRopeScaling } from './rope-scaling.js';

/** `model_type` values whose checkpoints map onto {@link DecoderConfig}. */
export type HuggingFaceModelType = 'llama' | 'mistral' | 'qwen2' | 'qwen3';

const modelTypes: readonly string[] = ['llama', 'mistral', 'qwen2', 'qwen3'];

/** A validated `config.json`. */
export interface HuggingFaceConfig {
  readonly modelType: HuggingFaceModelType;
  readonly config: DecoderConfig;
  /**
   * Mistral `sliding_window` when smaller than the context: attention sees only the last
   * `slidingWindow` positions. Not part of {@link DecoderConfig} (yet).
   */
  readonly slidingWindow?: number;
}

/**
 * Validates a parsed `config.json` and maps it to a {@link DecoderConfig}, with the defaults of
 * transformers: `num_key_value_heads` = heads, `head_dim` = hidden / heads, `rope_theta` 10000,
 * `rms_norm_eps` 1e-6, untied embeddings; Qwen2 has q/k/v biases, Qwen3 q/k norms.
 * @param label - config.json's location, for error messages.
 * @throws ConfuError `INVALID_CONFIG` for missing, malformed or inconsistent fields or sizes
 * beyond `decoderLimits` (checked before anything is allocated), `UNSUPPORTED` for another model type, activation, MLP bias, RoPE scaling or a Qwen
 * sliding window.
 */
export function parseHuggingFaceConfig(
  json: Readonly<Record<string, unknown>>,
  label: string,
): HuggingFaceConfig {
  const fields = createConfigFields(json, label);
  const modelType = json['model_type'];
  if (typeof modelType !== 'string') {
    fields.fail(`"model_type" must be a string, got ${formatValue(modelType)}`);
  }
  if (!modelTypes.includes(modelType as string)) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${label}: model_type ${formatValue(modelType)} is not supported (expected one of ${modelTypes.join(', ')})`,
    );
  }
  const type = modelType as HuggingFaceModelType;
  checkUnsupportedFeatures(json, label);

  const { hiddenSize, numHeads, numKvHeads, headDim } = parseAttentionHeads(fields);
  if (!Number.isInteger(headDim)) {
    fields.fail(
      `"hidden_size" (${hiddenSize}) is not a multiple of "num_attention_heads" (${numHeads}) and "head_dim" is not set`,
    );
  }
  if (headDim % 2 !== 0) fields.fail(`head dimension ${headDim} must be even for RoPE`);
  const contextLength = fields.positiveInteger('max_position_embeddings');
  const numLayers = fields.positiveInteger('num_hidden_layers');
  const ropeScaling = parseRopeScaling(json['rope_scaling'] ?? json['rope_parameters'], label);
  const config: DecoderConfig = {
    hiddenSize,
    intermediateSize: fields.positiveInteger('intermediate_size'),
    numLayers,
    numHeads,
    numKvHeads,
    headDim,
    vocabSize: fields.positiveInteger('vocab_size'),
    contextLength,
    ropeTheta: fields.positiveNumber('rope_theta', ropeThetaOf(json['rope_parameters']) ?? 10000),
    rmsNormEps: fields.positiveNumber('rms_norm_eps', 1e-6),
    tiedEmbeddings: fields.boolean('tie_word_embeddings', false),
    qkvBias: type === 'qwen2' || fields.boolean('attention_bias', false),
    qkNorm: type === 'qwen3',
    ...(ropeScaling ? { ropeScaling } : {}),
  };
  checkDecoderLimits(config, huggingFaceFieldNames, fields.fail);
  const slidingWindow = parseSlidingWindow(type, fields, config);
  return { modelType: type, config, ...(slidingWindow === undefined ? {} : { slidingWindow }) };
}

/** transformers v5 moves `rope_theta` into `rope_parameters`. */
function ropeThetaOf(parameters: unknown): number | undefined {
  if (typeof parameters !== 'object' || parameters === null) return undefined;
  const theta = (parameters as Record<string, unknown>)['rope_theta'];
  return typeof theta === 'number' ? theta : undefined;
}

/** Refuses config switches that change the computation beyond what DecoderWeights describes. */
function checkUnsupportedFeatures(json: Readonly<Record<string, unknown>>, label: string): void {
  const activation = json['hidden_act'] ?? 'silu';
  if (activation !== 'silu') {
    throw new ConfuError(
      'UNSUPPORTED',
      `${label}: hidden_act ${formatValue(activation)} is not supported (only "silu")`,
    );
  }
  if (json['mlp_bias'] === true) {
    throw new ConfuError('UNSUPPORTED', `${label}: mlp_bias true is not supported`);
  }
}

/**
 * Mistral's window is returned when it is smaller than the context. Qwen2/3 apply their window
 * only to layers from `max_window_layers` on, which one config field cannot express: refused.
 */
function parseSlidingWindow(
  type: HuggingFaceModelType,
  fields: ConfigFields,
  config: DecoderConfig,
): number | undefined {
  if (type === 'llama') return undefined;
  if (type !== 'mistral') {
    checkQwenLayerTypes(fields, config);
    // transformers ignores Qwen's sliding_window unless use_sliding_window is set.
    if (!fields.boolean('use_sliding_window', false)) return undefined;
  }
  const window = fields.optionalInteger('sliding_window');
  if (window === undefined || window >= config.contextLength) return undefined;
  if (type === 'mistral') return window;
  // Layers numbered max_window_layers and up use the window (transformers default: 28).
  const fromLayer = fields.optionalInteger('max_window_layers', 0) ?? 28;
  if (fromLayer < config.numLayers) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${fields.label}: use_sliding_window with sliding_window ${window} from layer ${fromLayer} (max_window_layers) is not supported`,
    );
  }
  return undefined;
}

/** transformers v5 may list per-layer attention kinds explicitly; only full attention is supported. */
function checkQwenLayerTypes(fields: ConfigFields, config: DecoderConfig): void {
  const layerTypes = fields.value('layer_types');
  if (layerTypes === undefined) return;
  if (!Array.isArray(layerTypes) || layerTypes.length !== config.numLayers) {
    fields.fail(
      `"layer_types" must list ${config.numLayers} layers, got ${formatValue(layerTypes)}`,
    );
  }
  const other = (layerTypes as unknown[]).find((kind) => kind !== 'full_attention');
  if (other !== undefined) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${fields.label}: layer_types entry ${formatValue(other)} is not supported (only "full_attention")`,
    );
  }
}
