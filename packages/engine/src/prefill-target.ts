import type { DraftSession, Drafter, TargetFeatures } from '@confu/draft';
import type { CausalLm } from '@confu/model';
import type { KvCache } from '@confu/runtime';
import type { Sampler } from '@confu/sampler';

/** The state after the prompt pass. */
export interface Prefill {
  readonly cache: KvCache;
  /** Soft-prompt rows at the front of the cache (ConFu), 0 otherwise. */
  readonly reservedRows: number;
  /** The first generated token: the first round's root. */
  readonly root: number;
  /** What the drafter's first `observe` gets. */
  readonly features: TargetFeatures;
}

/** Runs the prompt through the target (with taps when the drafter needs them) and samples the root. */
export async function prefillTarget(options: {
  model: CausalLm;
  drafter: Drafter;
  session: DraftSession;
  promptTokens: readonly number[];
  sampler: Sampler;
  signal?: AbortSignal;
}): Promise<Prefill> {
  const { model, drafter, promptTokens, sampler, signal } = options;
  const cache = model.createCache();
  const result = await model.forward(cache, {
    tokens: promptTokens,
    taps: drafter.requirements.taps,
    ...(signal ? { signal } : {}),
  });
  model.commit(cache, result);
  const vocab = model.info.vocabSize;
  const last = result.logits.subarray((promptTokens.length - 1) * vocab, promptTokens.length * vocab);
  return {
    cache,
    reservedRows: 0,
    root: sampler.sample(last, promptTokens),
    features: result.hiddenTaps ? { taps: result.hiddenTaps } : {},
  };
}
