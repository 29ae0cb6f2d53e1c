import type { Eagle3HeadConfig } from './draft-head-config.js';
import type { ConfuWeights, Eagle3HeadWeights } from './draft-head-weights.js';

/** Float weights of an EAGLE-3 head, by field. */
export type Eagle3FloatKey = Exclude<keyof Eagle3HeadWeights, 'config' | 'd2t' | 't2d' | 'confu'>;

/** One tensor of the head file: its field, SpecForge name and shape. */
export interface HeadTensorSpec<TKey extends string> {
  readonly key: TKey;
  readonly name: string;
  readonly shape: readonly number[];
}

/** The float tensors of an EAGLE-3 head under their SpecForge names (`model.safetensors`). */
export function eagle3TensorSpecs(config: Eagle3HeadConfig): HeadTensorSpec<Eagle3FloatKey>[] {
  const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D } = config;
  const I = config.intermediateSize;
  return [
    { key: 'fc', name: 'fc.weight', shape: [h, 3 * h] },
    { key: 'inputLayernorm', name: 'midlayer.input_layernorm.weight', shape: [h] },
    { key: 'hiddenNorm', name: 'midlayer.hidden_norm.weight', shape: [h] },
    { key: 'wq', name: 'midlayer.self_attn.q_proj.weight', shape: [H * D, 2 * h] },
    { key: 'wk', name: 'midlayer.self_attn.k_proj.weight', shape: [KVH * D, 2 * h] },
    { key: 'wv', name: 'midlayer.self_attn.v_proj.weight', shape: [KVH * D, 2 * h] },
    { key: 'wo', name: 'midlayer.self_attn.o_proj.weight', shape: [h, H * D] },
    {
      key: 'postAttentionLayernorm',
      name: 'midlayer.post_attention_layernorm.weight',
      shape: [h],
    },
    { key: 'wGate', name: 'midlayer.mlp.gate_proj.weight', shape: [I, h] },
    { key: 'wUp', name: 'midlayer.mlp.up_proj.weight', shape: [I, h] },
    { key: 'wDown', name: 'midlayer.mlp.down_proj.weight', shape: [h, I] },
    { key: 'norm', name: 'norm.weight', shape: [h] },
    { key: 'lmHead', name: 'lm_head.weight', shape: [config.draftVocabSize, h] },
  ];
}

/** Vocabulary tables: `d2t` int64 `[Vd]`, `t2d` bool `[V]`. */
export const vocabTensorNames = { d2t: 'd2t', t2d: 't2d' } as const;

/** The target embedding a SpecForge head may carry; ignored on load, never written. */
export const embedTokensName = 'embed_tokens.weight';

/** A ConFu tensor and whether the head's mode needs it. */
export interface ConfuTensorSpec extends HeadTensorSpec<keyof ConfuWeights> {
  readonly required: boolean;
}

/** The ConFu tensors (`confu.*`); none when the config has no `confu`. */
export function confuTensorSpecs(config: Eagle3HeadConfig): ConfuTensorSpec[] {
  const confu = config.confu;
  if (!confu) return [];
  const h = config.hiddenSize;
  const moe = confu.mode === 'moe';
  const experts = confu.mode === 'moe' ? confu.numExperts : 0;
  const specs: ConfuTensorSpec[] = [
    {
      key: 'softPrompt',
      name: 'confu.soft_prompt',
      shape: [confu.softPromptLength, h],
      required: true,
    },
    { key: 'conStatic', name: 'confu.con_static', shape: [h], required: !moe },
    { key: 'fStatic', name: 'confu.f_static', shape: [h], required: !moe },
  ];
  if (moe) {
    specs.push(
      {
        key: 'conRouter',
        name: 'confu.con_router.weight',
        shape: [experts, 3 * h],
        required: true,
      },
      { key: 'conExperts', name: 'confu.con_experts', shape: [experts, h], required: true },
      { key: 'fRouter', name: 'confu.f_router.weight', shape: [experts, h], required: true },
      { key: 'fExperts', name: 'confu.f_experts', shape: [experts, h], required: true },
    );
  }
  return specs;
}
