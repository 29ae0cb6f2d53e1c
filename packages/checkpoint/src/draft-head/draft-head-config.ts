import type { DecoderConfig } from '../decoder/decoder-weights.js';

/**
 * ConFu extension of a draft head (confu-spec.md §7.5–§7.6), stored under the `confu` key of
 * `config.json`. `moe`: the `[con]` / `[f]` embeddings come from linear-router MoEs; `static`: from
 * one learned embedding each.
 */
export type ConfuHeadConfig =
  | {
      readonly mode: 'moe';
      /** Soft-prompt rows `s` seen only by contemplate tokens (`soft_prompt_length`). */
      readonly softPromptLength: number;
      /** Experts per MoE (`num_experts`). */
      readonly numExperts: number;
      /** Experts mixed per input (`top_k`), at most `numExperts`. */
      readonly topK: number;
    }
  | { readonly mode: 'static'; readonly softPromptLength: number };

/**
 * Architecture of an EAGLE-3 draft head (confu-spec.md §4.2): one Llama decoder layer over
 * `concat(norm(embedding), norm(feature))`, an `fc` fusing three target taps, and an `lm_head` over
 * a reduced draft vocabulary. Field names follow {@link DecoderConfig}; the `config.json` names
 * (SpecForge / EAGLE layout) are given per field.
 */
export interface Eagle3HeadConfig {
  /** `hidden_size`: equals the target's hidden size (the head shares its embedding). */
  readonly hiddenSize: number;
  /** `num_attention_heads` */
  readonly numHeads: number;
  /** `num_key_value_heads` (default `numHeads`). */
  readonly numKvHeads: number;
  /** `head_dim` (default `hiddenSize / numHeads`). */
  readonly headDim: number;
  /** `intermediate_size` */
  readonly intermediateSize: number;
  /** `rms_norm_eps` (default 1e-6, as transformers). */
  readonly rmsNormEps: number;
  /** `rope_theta` (default 10000, as EAGLE-3's cnets.py). */
  readonly ropeTheta: number;
  /** `rope_scaling` of type `llama3`. */
  readonly ropeScaling?: DecoderConfig['ropeScaling'];
  /** `vocab_size`: the target vocabulary `V`. */
  readonly vocabSize: number;
  /** `draft_vocab_size`: rows of `lm_head` (default `vocabSize`). */
  readonly draftVocabSize: number;
  /** `max_position_embeddings` */
  readonly contextLength: number;
  /**
   * Target layers whose **input** hidden states feed `fc`, low → high, in the convention of the
   * target graph's `tapLayers` (docs/architecture/target-graph.md). `config.json` stores
   * `eagle_config.eagle_aux_hidden_state_layer_ids`, the layers whose **outputs** are captured:
   * `tapLayers = ids + 1`. Absent: the target's default taps.
   */
  readonly tapLayers?: readonly number[];
  /** Present for a ConFu head. */
  readonly confu?: ConfuHeadConfig;
}

/**
 * The head's attention/MLP shape as a one-layer {@link DecoderConfig} (vocabulary = the draft
 * vocabulary), so the decoder's RoPE and attention helpers serve the head unchanged.
 * @param maxPositions - rows of the RoPE table (default `config.contextLength`).
 */
export function headDecoderConfig(config: Eagle3HeadConfig, maxPositions?: number): DecoderConfig {
  return {
    hiddenSize: config.hiddenSize,
    intermediateSize: config.intermediateSize,
    numLayers: 1,
    numHeads: config.numHeads,
    numKvHeads: config.numKvHeads,
    headDim: config.headDim,
    vocabSize: config.draftVocabSize,
    contextLength: maxPositions ?? config.contextLength,
    ropeTheta: config.ropeTheta,
    rmsNormEps: config.rmsNormEps,
    tiedEmbeddings: false,
    qkvBias: false,
    qkNorm: false,
    ...(config.ropeScaling ? { ropeScaling: config.ropeScaling } : {}),
  };
}
