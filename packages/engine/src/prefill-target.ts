import type { DraftSession, Drafter, TargetFeatures } from '@confu/draft';
import {
  buildContemplatePrefillLayout,
  computeSoftPromptKv,
  createSoftPromptCache,
} from '@confu/model';
import type { CausalLm, ForwardResult, SoftPromptKv } from '@confu/model';
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

interface PrefillOptions {
  readonly model: CausalLm;
  readonly drafter: Drafter;
  readonly session: DraftSession;
  readonly promptTokens: readonly number[];
  readonly sampler: Sampler;
  readonly signal?: AbortSignal;
}

// The soft prompt's K/V depend on the target and the head only: computed once per pair.
const softPromptKv = new WeakMap<Drafter, WeakMap<CausalLm, Promise<SoftPromptKv>>>();

/**
 * Runs the prompt through the target (with taps when the drafter needs them) and samples the root.
 * For ConFu the cache starts with the soft prompt and the pass appends one contemplate token,
 * whose taps are the first future prediction.
 */
export async function prefillTarget(options: PrefillOptions): Promise<Prefill> {
  const { model, drafter, promptTokens, sampler, signal } = options;
  const count = promptTokens.length;
  const vocab = model.info.vocabSize;
  const rootFrom = (result: ForwardResult): number =>
    sampler.sample(result.logits.subarray((count - 1) * vocab, count * vocab), promptTokens);

  if (drafter.requirements.contemplate && drafter.contemplate) {
    const cache = createSoftPromptCache(model, await softPrompt(model, drafter, signal));
    const reservedRows = cache.reservedRows;
    const embedding =
      options.session.contemplateEmbedding?.() ?? new Float32Array(model.info.hiddenSize);
    const layout = buildContemplatePrefillLayout({ committed: 0, reservedRows, count });
    const result = await model.forwardRows(cache, {
      tokens: promptTokens,
      extraEmbeds: embedding,
      ...layout,
      taps: true,
      ...(signal ? { signal } : {}),
    });
    model.commit(
      cache,
      result,
      promptTokens.map((_, index) => index),
    );
    const width = model.info.numTaps * model.info.hiddenSize;
    const taps = result.hiddenTaps as Float32Array;
    return {
      cache,
      reservedRows,
      root: rootFrom(result),
      features: {
        taps: taps.subarray(0, count * width),
        future: taps.subarray(count * width, (count + 1) * width),
      },
    };
  }

  const cache = model.createCache();
  const result = await model.forward(cache, {
    tokens: promptTokens,
    taps: drafter.requirements.taps,
    ...(signal ? { signal } : {}),
  });
  model.commit(cache, result);
  return {
    cache,
    reservedRows: 0,
    root: rootFrom(result),
    features: result.hiddenTaps ? { taps: result.hiddenTaps } : {},
  };
}

function softPrompt(
  model: CausalLm,
  drafter: Drafter,
  signal?: AbortSignal,
): Promise<SoftPromptKv> {
  let byModel = softPromptKv.get(drafter);
  if (!byModel) {
    byModel = new WeakMap();
    softPromptKv.set(drafter, byModel);
  }
  let pending = byModel.get(model);
  if (!pending) {
    const { softPrompt: embeddings, softPromptLength } = drafter.contemplate as NonNullable<
      Drafter['contemplate']
    >;
    pending = computeSoftPromptKv(model, embeddings, softPromptLength, signal ? { signal } : {});
    pending.catch(() => byModel.delete(model));
    byModel.set(model, pending);
  }
  return pending;
}
