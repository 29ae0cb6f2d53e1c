import type { ConfuHeadConfig, Eagle3HeadConfig } from './draft-head-config.js';

/**
 * ConFu tensors of a draft head (confu-spec.md §7.3, §7.5), float32 row-major. `moe` heads need
 * the routers and experts, `static` heads the static embeddings; the other set is optional.
 * File names (`model.safetensors`) in parentheses.
 */
export interface ConfuWeights {
  /** `[s, h]` soft prompt seen by target-side contemplate tokens (`confu.soft_prompt`). */
  readonly softPrompt: Float32Array;
  /** `[nE, 3h]` `[con]` router over the target taps (`confu.con_router.weight`). */
  readonly conRouter?: Float32Array;
  /** `[nE, h]` `[con]` expert embeddings (`confu.con_experts`). */
  readonly conExperts?: Float32Array;
  /** `[nE, h]` `[f]` router over the draft hidden state (`confu.f_router.weight`). */
  readonly fRouter?: Float32Array;
  /** `[nE, h]` `[f]` expert embeddings (`confu.f_experts`). */
  readonly fExperts?: Float32Array;
  /** `[h]` static `[con]` embedding (`confu.con_static`). */
  readonly conStatic?: Float32Array;
  /** `[h]` static `[f]` embedding (`confu.f_static`). */
  readonly fStatic?: Float32Array;
}

/**
 * An EAGLE-3 draft head in memory (confu-spec.md §4.2), float32 in PyTorch `Linear` layout
 * `[out, in]`. SpecForge tensor names in parentheses. The token embedding is not part of it: the
 * head shares the target's at build time.
 */
export interface Eagle3HeadWeights {
  readonly config: Eagle3HeadConfig;
  /** `[h, 3h]` fuses the low/mid/high target taps (`fc.weight`). */
  readonly fc: Float32Array;
  /** `[h]` RMSNorm of the token embedding (`midlayer.input_layernorm.weight`). */
  readonly inputLayernorm: Float32Array;
  /** `[h]` RMSNorm of the feature (`midlayer.hidden_norm.weight`). */
  readonly hiddenNorm: Float32Array;
  /** `[H·D, 2h]` (`midlayer.self_attn.q_proj.weight`). */
  readonly wq: Float32Array;
  /** `[KVH·D, 2h]` (`midlayer.self_attn.k_proj.weight`). */
  readonly wk: Float32Array;
  /** `[KVH·D, 2h]` (`midlayer.self_attn.v_proj.weight`). */
  readonly wv: Float32Array;
  /** `[h, H·D]` (`midlayer.self_attn.o_proj.weight`). */
  readonly wo: Float32Array;
  /** `[h]` (`midlayer.post_attention_layernorm.weight`). */
  readonly postAttentionLayernorm: Float32Array;
  /** `[I, h]` (`midlayer.mlp.gate_proj.weight`). */
  readonly wGate: Float32Array;
  /** `[I, h]` (`midlayer.mlp.up_proj.weight`). */
  readonly wUp: Float32Array;
  /** `[h, I]` (`midlayer.mlp.down_proj.weight`). */
  readonly wDown: Float32Array;
  /** `[h]` final RMSNorm (`norm.weight`). */
  readonly norm: Float32Array;
  /** `[Vd, h]` (`lm_head.weight`). */
  readonly lmHead: Float32Array;
  /** `[Vd]` int64: target id = draft id + `d2t[draft id]` (`d2t`). */
  readonly d2t: BigInt64Array;
  /** `[V]` 0/1: target ids present in the draft vocabulary (`t2d`, BOOL). */
  readonly t2d: Uint8Array;
  /** ConFu tensors; present exactly when `config.confu` is. */
  readonly confu?: ConfuWeights;
}

/** A ConFu head: an EAGLE-3 head with the ConFu config and tensors. */
export interface ConfuHeadWeights extends Eagle3HeadWeights {
  readonly config: Eagle3HeadConfig & { readonly confu: ConfuHeadConfig };
  readonly confu: ConfuWeights;
}

/** True when `head` carries a ConFu configuration and tensors. */
export function isConfuHead(head: Eagle3HeadWeights): head is ConfuHeadWeights {
  return head.config.confu !== undefined && head.confu !== undefined;
}
