import { ConfuError } from '@confu/errors';
import type { CausalLm } from './causal-lm.js';
import { buildCausalLayout } from './contemplate-layout.js';
import type { ReservedKvCache } from './reserved-kv-cache.js';

/** Per-layer K/V rows of a ConFu soft prompt, ready for the front of a target cache. */
export interface SoftPromptKv {
  /** Rows `s`. */
  readonly length: number;
  /** Per layer `[s, KVH·D]` (keys rotated at positions `0 … s−1`). */
  readonly keys: readonly Float32Array[];
  readonly values: readonly Float32Array[];
}

/**
 * Runs the soft prompt `[length, h]` alone (no tokens, no past) at positions `0 … length−1`,
 * causal among its rows. Nothing precedes it, so the result is context-independent: compute it once
 * per model (confu-spec §7.7, §8 row 3) and place it with {@link createSoftPromptCache}.
 * @throws ConfuError `INVALID_ARGUMENT` when `softPrompt` is not `[length, h]`; `UNSUPPORTED` for a
 * graph without `extra_embeds`.
 */
export async function computeSoftPromptKv(
  lm: CausalLm,
  softPrompt: Float32Array,
  length: number,
  options: { readonly signal?: AbortSignal } = {},
): Promise<SoftPromptKv> {
  const { hiddenSize } = lm.info;
  if (!Number.isInteger(length) || length < 1 || softPrompt.length !== length * hiddenSize) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `the soft prompt has ${softPrompt.length} floats, expected ${length}·${hiddenSize} with length ≥ 1`,
    );
  }
  const result = await lm.forwardRows(lm.createCache(), {
    tokens: [],
    extraEmbeds: softPrompt,
    ...buildCausalLayout(length),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { length, keys: result.newKeys, values: result.newValues };
}

/** A cache for `lm` whose first rows are `softPrompt`, reserved (hidden from ordinary tokens). */
export function createSoftPromptCache(lm: CausalLm, softPrompt: SoftPromptKv): ReservedKvCache {
  const cache = lm.createCache({ reservedRows: softPrompt.length });
  cache.append(softPrompt.keys, softPrompt.values);
  return cache;
}
