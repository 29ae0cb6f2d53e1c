import type { DraftSession, Drafter, KvCache, TargetFeatures, TargetModel } from '@confu/core';
import { chainParents } from '@confu/model';
import type { Sampler } from '@confu/sampler';
import { runTargetPass, targetFeatures } from '@confu/verifier';

/** The state after the prompt pass. */
export interface Prefill {
  /** The target cache: the drafter's prefix rows (if any), then the prompt. */
  readonly cache: KvCache;
  /** The first generated token: the first round's root. */
  readonly root: number;
  /** What the drafter's first `observe` gets. */
  readonly features: TargetFeatures;
}

interface PrefillOptions {
  readonly model: TargetModel;
  readonly drafter: Drafter;
  readonly session: DraftSession;
  readonly promptTokens: readonly number[];
  readonly sampler: Sampler;
  readonly signal?: AbortSignal;
}

/**
 * Runs the prompt through the target as one chain pass — with taps and the drafter's extra rows
 * when it asks for them, over a cache that starts with the drafter's prefix rows when it has
 * some — commits the prompt rows and samples the root.
 */
export async function prefillTarget(options: PrefillOptions): Promise<Prefill> {
  const { model, drafter, session, promptTokens, sampler, signal } = options;
  const signalOption = signal ? { signal } : {};
  const count = promptTokens.length;
  const prefix = await drafter.targetPrefix?.(model, signal);
  const cache = model.createCache({ reservedRows: prefix?.length ?? 0 });
  if (prefix) cache.append(prefix.keys, prefix.values);
  const tree = { tokens: promptTokens, parents: chainParents(count) };
  const plan = session.planPass?.({ phase: 'prefill', tree });
  const taps = drafter.requirements.taps;
  const output = await runTargetPass(model, cache, {
    tree,
    taps,
    outputs: sampler.picksRawArgmax ? 'argmax' : 'logits',
    ...(plan ? { plan } : {}),
    ...signalOption,
  });
  const rows = tree.parents.map((_, index) => index);
  model.commit(cache, output.result, rows);
  const vocab = model.info.vocabSize;
  const { argmax, logits } = output.result;
  return {
    cache,
    root: argmax
      ? (argmax[count - 1] as number)
      : sampler.sample(logits.subarray((count - 1) * vocab, count * vocab), promptTokens),
    features: targetFeatures(output, {
      rows,
      taps,
      plan,
      tapWidth: model.info.numTaps * model.info.hiddenSize,
    }),
  };
}
