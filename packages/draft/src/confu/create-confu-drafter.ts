import { ConfuError } from '@confu/errors';
import { isConfuHead, randomDraftHead } from '@confu/model-builder';
import type { ConfuHeadWeights, DecoderConfig, RandomDraftHeadOptions } from '@confu/model-builder';
import type { DraftTree } from '../draft-tree.js';
import type { DraftSession, Drafter, TargetFeatures } from '../drafter.js';
import { Eagle3DraftSession, createHeadSessionContext } from '../eagle3/index.js';
import type { Eagle3DrafterOptions } from '../eagle3/index.js';
import { contemplateTokenEmbedding } from './confu-embeddings.js';
import { confuRoundStart } from './confu-round-start.js';

/**
 * A ConFu drafter (kind `confu`, confu-spec.md §7): the EAGLE-3 drafter plus the `[f]` token
 * built from the `future` passed to `observe` (see {@link confuRoundStart}), the contemplate
 * embedding `e_con` for the target (`session.contemplateEmbedding()`) and the soft prompt
 * (`drafter.contemplate`). Needs taps and contemplate tokens from the verifier.
 * @throws ConfuError `INVALID_ARGUMENT` (not a ConFu head, tree options, embedding size),
 * `INVALID_CONFIG` (head and target disagree), `MODEL_LOAD_FAILED`.
 */
export async function createConfuDrafter(options: Eagle3DrafterOptions): Promise<Drafter> {
  const head = options.head;
  if (!isConfuHead(head)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      'createConfuDrafter needs a ConFu head (a config.json "confu" section and confu.* tensors)',
    );
  }
  const context = await createHeadSessionContext(options, confuRoundStart(head));
  return {
    kind: 'confu',
    requirements: { taps: true, contemplate: true },
    contemplate: {
      softPrompt: head.confu.softPrompt,
      softPromptLength: head.config.confu.softPromptLength,
    },
    createSession: () => new ConfuDraftSession(new Eagle3DraftSession(context), head),
    dispose: () => context.runner.dispose(),
  };
}

class ConfuDraftSession implements DraftSession {
  readonly #inner: Eagle3DraftSession;
  readonly #head: ConfuHeadWeights;

  constructor(inner: Eagle3DraftSession, head: ConfuHeadWeights) {
    this.#inner = inner;
    this.#head = head;
  }

  observe(
    tokens: readonly number[],
    features: TargetFeatures,
    signal?: AbortSignal,
  ): Promise<void> {
    return this.#inner.observe(tokens, features, signal);
  }

  draft(signal?: AbortSignal): Promise<DraftTree> {
    return this.#inner.draft(signal);
  }

  contemplateEmbedding(): Float32Array {
    return contemplateTokenEmbedding(this.#head, this.#inner.lastTaps);
  }

  dispose(): void {
    this.#inner.dispose();
  }
}

/** Options of {@link createRandomConfuDrafter}. */
export type RandomConfuDrafterOptions = Omit<Eagle3DrafterOptions, 'head' | 'targetConfig'> & {
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
