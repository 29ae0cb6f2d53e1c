import { ConfuError } from '@confu/errors';
import { isConfuHead, randomDraftHead } from '@confu/checkpoint';
import type { ConfuHeadWeights, DecoderConfig, RandomDraftHeadOptions } from '@confu/checkpoint';
import type {
  DraftOptions,
  DraftSession,
  DraftTree,
  Drafter,
  KvRows,
  TargetFeatures,
  TargetModel,
  TargetPass,
  TargetPassPlan,
} from '@confu/core';
import { buildCausalLayout } from '@confu/model';
import { Eagle3DraftSession, createHeadSessionContext } from '../eagle3/index.js';
import type { Eagle3DrafterOptions } from '../eagle3/index.js';
import { contemplateTokenEmbedding } from './confu-embeddings.js';
import { confuRoundStart } from './confu-round-start.js';

/**
 * A ConFu drafter (kind `confu`, confu-spec.md §7): the EAGLE-3 drafter plus its target-side
 * method, all carried by plans and prefixes (the target side knows nothing of ConFu):
 * - the soft prompt's K/V as the target cache prefix ({@link Drafter.targetPrefix}, once per
 *   target);
 * - one contemplate token per pass row it plans for (`e_con`, from the `[con]` MoE over the last
 *   committed taps), seeing the soft prompt, the row's branch and itself, one position deeper
 *   (§7.7); its taps come back as the future prediction `f`;
 * - the `[f]` token built from the `f` of the last accepted row (see {@link confuRoundStart}).
 * @throws ConfuError `INVALID_ARGUMENT` (not a ConFu head, tree options, embedding size),
 * `INVALID_CONFIG` (head and target disagree), `MODEL_LOAD_FAILED`.
 */
export async function createConfuDrafter(options: ConfuDrafterOptions): Promise<Drafter> {
  const head = options.head;
  if (!isConfuHead(head)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      'createConfuDrafter needs a ConFu head (a config.json "confu" section and confu.* tensors)',
    );
  }
  const context = await createHeadSessionContext(options, confuRoundStart(head));
  // The soft prompt's K/V depend on the target and the head only: computed once per target.
  const prefixes = new WeakMap<TargetModel, Promise<KvRows>>();
  return {
    kind: 'confu',
    requirements: { taps: true },
    targetPrefix(target, signal) {
      let pending = prefixes.get(target);
      if (!pending) {
        pending = softPromptRows(target, head, signal);
        pending.catch(() => prefixes.delete(target));
        prefixes.set(target, pending);
      }
      return pending;
    },
    createSession: () =>
      new ConfuDraftSession(new Eagle3DraftSession(context), head, options.contemplate ?? 'all'),
    dispose: () => context.runner.dispose(),
  };
}

/**
 * Runs the soft prompt `[s, h]` alone (no tokens, no past) at positions `0 … s−1`, causal among
 * its rows. Nothing precedes it, so its K/V are context-independent (confu-spec §7.7, §8 row 3).
 */
async function softPromptRows(
  target: TargetModel,
  head: ConfuHeadWeights,
  signal: AbortSignal | undefined,
): Promise<KvRows> {
  const length = head.config.confu.softPromptLength;
  const result = await target.forwardRows(target.createCache(), {
    tokens: [],
    extraEmbeds: head.confu.softPrompt,
    ...buildCausalLayout(length),
    ...(signal ? { signal } : {}),
  });
  return { length, keys: result.newKeys, values: result.newValues };
}

class ConfuDraftSession implements DraftSession {
  readonly #inner: Eagle3DraftSession;
  readonly #head: ConfuHeadWeights;
  readonly #contemplate: number | 'all';

  constructor(inner: Eagle3DraftSession, head: ConfuHeadWeights, contemplate: number | 'all') {
    this.#inner = inner;
    this.#head = head;
    this.#contemplate = contemplate;
  }

  /**
   * Picks `f`: the taps of the contemplate token attached to the last accepted row (the last
   * prompt row after the prefill). Without one (it did not fit the context) the round is EAGLE-3.
   */
  observe(
    tokens: readonly number[],
    features: TargetFeatures,
    signal?: AbortSignal,
  ): Promise<void> {
    const last = features.path ? features.path.at(-1) : tokens.length - 2;
    const row = features.planRows?.indexOf(last ?? -1) ?? -1;
    const width = 3 * this.#head.config.hiddenSize;
    const future =
      row >= 0 ? features.planTaps?.subarray(row * width, (row + 1) * width) : undefined;
    return this.#inner.observe(tokens, { ...features, ...(future ? { future } : {}) }, signal);
  }

  draft(signal?: AbortSignal, options?: DraftOptions): Promise<DraftTree> {
    return this.#inner.draft(signal, options);
  }

  /**
   * One contemplate token on the last prompt row (prefill), or on the tree nodes most likely to be
   * the last accepted one (a round; all of them, or the best `contemplate`).
   */
  planPass(pass: TargetPass): TargetPassPlan {
    const rows = pass.tree.tokens.length;
    const attachTo =
      pass.phase === 'prefill' ? [rows - 1] : likelyLastNodes(pass.tree, this.#contemplate);
    const embedding = contemplateTokenEmbedding(this.#head, this.#inner.lastTaps);
    const embeds = new Float32Array(attachTo.length * embedding.length);
    for (let row = 0; row < attachTo.length; row++) embeds.set(embedding, row * embedding.length);
    return { embeds, attachTo, positionOffset: 1, seePrefix: true, taps: true };
  }

  dispose(): void {
    this.#inner.dispose();
  }
}

/** Options of {@link createConfuDrafter}. */
export interface ConfuDrafterOptions extends Eagle3DrafterOptions {
  /**
   * Contemplate tokens per round (ours, beyond the paper): only the `m` nodes most likely to end
   * the accepted path get one (`T + m` target rows instead of `2T`); a round whose last accepted
   * node has none drafts like EAGLE-3. Default `'all'`.
   */
  readonly contemplate?: number | 'all';
}

/** Options of {@link createRandomConfuDrafter}. */
export type RandomConfuDrafterOptions = Omit<ConfuDrafterOptions, 'head' | 'targetConfig'> & {
  readonly targetConfig: DecoderConfig;
  readonly seed: number;
  /** Default `min(V, 32000)`. */
  readonly draftVocabSize?: number;
  /** Default: `moe`, 16 soft-prompt rows, 8 experts, top 2 (confu-spec.md §7.3, §8 row 7). */
  readonly confu?: RandomDraftHeadOptions['confu'];
};

/**
 * {@link createConfuDrafter} with a seeded random ConFu head shaped for the target: what
 * `confu generate --draft confu` uses without `--draft-model`.
 */
export function createRandomConfuDrafter(options: RandomConfuDrafterOptions): Promise<Drafter> {
  const { seed, draftVocabSize, confu, ...rest } = options;
  const head = randomDraftHead(options.targetConfig, {
    seed,
    draftVocabSize: draftVocabSize ?? Math.min(options.targetConfig.vocabSize, 32000),
    confu: confu ?? { mode: 'moe', softPromptLength: 16, numExperts: 8, topK: 2 },
  });
  return createConfuDrafter({ ...rest, head });
}

/**
 * Tree nodes ordered by how likely each is to end the accepted path — P(accepted) minus
 * P(a child accepted), from the draft scores (cumulative log-probabilities) — the best `count`
 * of them in tree order. Without scores, or with `all`, every node.
 */
function likelyLastNodes(tree: DraftTree, count: number | 'all'): number[] {
  const nodes = tree.tokens.map((_, node) => node);
  const scores = tree.scores;
  if (count === 'all' || !scores || count >= nodes.length) return nodes;
  const last = nodes.map((node) => Math.exp(scores[node] as number));
  tree.parents.forEach((parent, node) => {
    if (parent >= 0) last[parent] = (last[parent] as number) - Math.exp(scores[node] as number);
  });
  return nodes
    .sort((a, b) => (last[b] as number) - (last[a] as number) || a - b)
    .slice(0, count)
    .sort((a, b) => a - b);
}
