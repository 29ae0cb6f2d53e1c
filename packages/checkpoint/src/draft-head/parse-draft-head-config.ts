import { ConfuError } from '@confu/errors';
import { checkDecoderLimits, huggingFaceFieldNames } from '../decoder/decoder-limits.js';
import { createConfigFields } from '../huggingface/config-fields.js';
import { parseAttentionHeads } from '../huggingface/attention-heads.js';
import type { ConfigFields } from '../huggingface/config-fields.js';
import { parseRopeScaling } from '../huggingface/rope-scaling.js';
import { formatValue } from '../safetensors/format-value.js';
import type { ConfuHeadConfig, Eagle3HeadConfig } from './draft-head-config.js';

/**
 * Validates a draft head's parsed `config.json` (SpecForge `LlamaForCausalLMEagle3` or EAGLE
 * `traineagle3` layout, plus our optional `confu` object) and maps it to {@link Eagle3HeadConfig}.
 * `model_type` and `architectures` are not checked: heads for Phi or Gemma targets name those.
 * @param label - config.json's location, for error messages.
 * @throws ConfuError `INVALID_CONFIG` for missing, malformed or inconsistent fields,
 * `UNSUPPORTED` for more than one layer, another activation, biases, a `target_hidden_size`
 * different from `hidden_size`, or other than three aux layers.
 */
export function parseDraftHeadConfig(
  json: Readonly<Record<string, unknown>>,
  label: string,
): Eagle3HeadConfig {
  const fields = createConfigFields(json, label);
  checkUnsupported(fields);
  const { hiddenSize, numHeads, numKvHeads, headDim } = parseAttentionHeads(fields);
  if (!Number.isInteger(headDim) || headDim % 2 !== 0) {
    fields.fail(`head dimension ${headDim} must be an even integer (set "head_dim")`);
  }
  const vocabSize = fields.positiveInteger('vocab_size');
  const draftVocabSize = fields.optionalInteger('draft_vocab_size') ?? vocabSize;
  if (draftVocabSize > vocabSize) {
    fields.fail(`"draft_vocab_size" (${draftVocabSize}) exceeds "vocab_size" (${vocabSize})`);
  }
  const ropeScaling = parseRopeScaling(json['rope_scaling'] ?? json['rope_parameters'], label);
  const tapLayers = parseAuxLayers(fields);
  const confu = parseConfu(fields.value('confu'), label);
  const intermediateSize = fields.positiveInteger('intermediate_size');
  const contextLength = fields.positiveInteger('max_position_embeddings');
  checkDecoderLimits(
    {
      hiddenSize,
      numHeads,
      numKvHeads,
      headDim,
      vocabSize,
      intermediateSize,
      contextLength,
      numLayers: 1,
    },
    huggingFaceFieldNames,
    fields.fail,
  );
  return {
    hiddenSize,
    numHeads,
    numKvHeads,
    headDim,
    intermediateSize,
    rmsNormEps: fields.positiveNumber('rms_norm_eps', 1e-6),
    ropeTheta: fields.positiveNumber('rope_theta', 10000),
    ...(ropeScaling ? { ropeScaling } : {}),
    vocabSize,
    draftVocabSize,
    contextLength,
    ...(tapLayers ? { tapLayers } : {}),
    ...(confu ? { confu } : {}),
  };
}

function checkUnsupported(fields: ConfigFields): void {
  const unsupported = (message: string): never => {
    throw new ConfuError('UNSUPPORTED', `${fields.label}: ${message}`);
  };
  const layers = fields.optionalInteger('num_hidden_layers');
  if (layers !== undefined && layers !== 1) {
    unsupported(`num_hidden_layers ${layers}: EAGLE-3 heads have exactly one layer`);
  }
  const activation = fields.value('hidden_act') ?? 'silu';
  if (activation !== 'silu') unsupported(`hidden_act ${formatValue(activation)} (only "silu")`);
  if (fields.boolean('attention_bias', false)) unsupported('attention_bias true');
  if (fields.boolean('mlp_bias', false)) unsupported('mlp_bias true');
  const targetHidden = fields.optionalInteger('target_hidden_size');
  if (targetHidden !== undefined && targetHidden !== fields.value('hidden_size')) {
    unsupported(
      `target_hidden_size ${targetHidden} differs from hidden_size: the head must share the target's embedding`,
    );
  }
}

/** `eagle_config.eagle_aux_hidden_state_layer_ids` (layer outputs) → input-tap layers (+1). */
function parseAuxLayers(fields: ConfigFields): number[] | undefined {
  const eagle = fields.value('eagle_config');
  if (eagle === undefined) return undefined;
  if (typeof eagle !== 'object' || Array.isArray(eagle)) {
    fields.fail(`"eagle_config" must be an object, got ${formatValue(eagle)}`);
  }
  const ids = (eagle as Record<string, unknown>)['eagle_aux_hidden_state_layer_ids'];
  if (ids === undefined || ids === null) return undefined;
  if (
    !Array.isArray(ids) ||
    !ids.every((id) => typeof id === 'number' && Number.isSafeInteger(id) && id >= 0)
  ) {
    fields.fail(
      `"eagle_config.eagle_aux_hidden_state_layer_ids" must list non-negative integers, got ${formatValue(ids)}`,
    );
  }
  if ((ids as number[]).length !== 3) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${fields.label}: eagle_aux_hidden_state_layer_ids lists ${(ids as number[]).length} layers; fc fuses exactly 3`,
    );
  }
  return (ids as number[]).map((id) => id + 1).sort((a, b) => a - b);
}

/** Largest ConFu soft prompt and expert count: rows the head allocates before any weight. */
const maxConfuRows = 4096;

function parseConfu(value: unknown, label: string): ConfuHeadConfig | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfuError(
      'INVALID_CONFIG',
      `${label}: "confu" must be an object, got ${formatValue(value)}`,
    );
  }
  const fields = createConfigFields(value as Record<string, unknown>, `${label} confu`);
  const softPromptLength = fields.positiveInteger('soft_prompt_length');
  if (softPromptLength > maxConfuRows) {
    fields.fail(`"soft_prompt_length" ${softPromptLength} exceeds the limit of ${maxConfuRows}`);
  }
  const mode = fields.value('mode') ?? 'moe';
  if (mode === 'static') return { mode, softPromptLength };
  if (mode !== 'moe') fields.fail(`"mode" must be "moe" or "static", got ${formatValue(mode)}`);
  const numExperts = fields.positiveInteger('num_experts');
  if (numExperts > maxConfuRows) {
    fields.fail(`"num_experts" ${numExperts} exceeds the limit of ${maxConfuRows}`);
  }
  const topK = fields.positiveInteger('top_k');
  if (topK > numExperts) {
    fields.fail(`"top_k" (${topK}) exceeds "num_experts" (${numExperts})`);
  }
  return { mode: 'moe', softPromptLength, numExperts, topK };
}
