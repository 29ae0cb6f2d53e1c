import { randomDraftHead } from '@confu/checkpoint';
import type { DecoderConfig } from '@confu/checkpoint';
import type { Drafter } from '@confu/core';
import { createHeadSessionContext } from './create-head-session-context.js';
import type { Eagle3DrafterOptions } from './create-head-session-context.js';
import { Eagle3DraftSession } from './eagle3-draft-session.js';

/**
 * An EAGLE-3 drafter (kind `eagle3`): catch-up over the target taps of newly committed positions,
 * then an EAGLE-2 dynamic tree (confu-spec.md §4–§5) grown by the head. Needs target taps
 * (`requirements.taps`). A ConFu head works too; its ConFu parts are ignored.
 * @throws ConfuError `INVALID_ARGUMENT` (tree options, embedding size), `INVALID_CONFIG` (head and
 * target disagree), `MODEL_LOAD_FAILED`.
 */
export async function createEagle3Drafter(options: Eagle3DrafterOptions): Promise<Drafter> {
  const context = await createHeadSessionContext(options);
  return {
    kind: 'eagle3',
    requirements: { taps: true },
    createSession: () => new Eagle3DraftSession(context),
    dispose: () => context.runner.dispose(),
  };
}

/** Options of {@link createRandomEagle3Drafter}. */
export type RandomEagle3DrafterOptions = Omit<Eagle3DrafterOptions, 'head' | 'targetConfig'> & {
  readonly targetConfig: DecoderConfig;
  readonly seed: number;
  /** Default `min(V, 32000)`, EAGLE-3's usual draft vocabulary. */
  readonly draftVocabSize?: number;
};

/**
 * {@link createEagle3Drafter} with a seeded random head shaped for the target (`randomDraftHead`):
 * what `confu generate --draft eagle3` uses without `--draft-model`. It drafts poorly, but
 * verification keeps the output exact.
 */
export function createRandomEagle3Drafter(options: RandomEagle3DrafterOptions): Promise<Drafter> {
  const { seed, draftVocabSize, ...rest } = options;
  const head = randomDraftHead(options.targetConfig, {
    seed,
    draftVocabSize: draftVocabSize ?? Math.min(options.targetConfig.vocabSize, 32000),
  });
  return createEagle3Drafter({ ...rest, head });
}
