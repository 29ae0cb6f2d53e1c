import { assertArgument } from '@confu/errors';
import { createDevExclusion } from './dev-exclusion.js';
import type { DevExclusion } from './dev-exclusion.js';
import type { DevPrompt } from './dev-prompts.js';
import { splitStory } from './split-story.js';

/** A prompt for data generation, cut from one training story. */
export interface TrainingPrompt {
  /** Ordinal among the prompts yielded (0, 1, ...); seeds and record indices follow it. */
  readonly index: number;
  /** Ordinal of the source story in the input. */
  readonly storyIndex: number;
  /** The story's leading sentence(s): what the target continues. */
  readonly prompt: string;
  /** The rest of the story (used when responses are not regenerated). */
  readonly reference: string;
}

/** Why a story produced no prompt. */
export interface SkippedStory {
  readonly storyIndex: number;
  readonly reason: string;
}

/** Options of {@link trainingPrompts}. */
export interface TrainingPromptsOptions {
  /** Stories leaking these evaluation prompts are dropped (a list or a prebuilt filter). */
  readonly exclude?: DevExclusion | readonly DevPrompt[];
  /** Token bounds of the prompt: grown sentence by sentence to `min`, skipped above `max`. */
  readonly promptTokens?: { readonly min?: number; readonly max?: number };
  /** Token count of a prompt (e.g. `text => model.encode(text).length`, BOS included). */
  readonly countTokens?: (text: string) => number;
  /** Stop after this many prompts. Default: all. */
  readonly limit?: number;
  /** Called for every dropped story (dev leak, no split within the bounds). */
  readonly onSkip?: (skipped: SkippedStory) => void;
}

/**
 * Streams training prompts out of story texts: each clean story is split after its first
 * sentence(s) into a prompt and a reference continuation. Stops pulling stories once `limit`
 * prompts were produced.
 * @throws ConfuError `INVALID_ARGUMENT` for token bounds without `countTokens` or a bad `limit`.
 */
export async function* trainingPrompts(
  stories: AsyncIterable<string> | Iterable<string>,
  options: TrainingPromptsOptions = {},
): AsyncGenerator<TrainingPrompt, void> {
  const { promptTokens, countTokens, onSkip } = options;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  assertArgument(
    limit >= 0 && (Number.isInteger(limit) || limit === Infinity),
    '`limit` must be a non-negative integer',
  );
  assertArgument(
    promptTokens === undefined || countTokens !== undefined,
    '`promptTokens` bounds need `countTokens`',
  );
  const exclusion = toExclusion(options.exclude);
  let index = 0;
  let storyIndex = -1;
  if (limit === 0) return;
  for await (const story of stories) {
    storyIndex++;
    const leak = exclusion?.reason(story);
    if (leak !== undefined) {
      onSkip?.({ storyIndex, reason: leak });
      continue;
    }
    const split = splitStory(story, {
      ...(promptTokens?.min === undefined ? {} : { minPromptTokens: promptTokens.min }),
      ...(promptTokens?.max === undefined ? {} : { maxPromptTokens: promptTokens.max }),
      ...(countTokens ? { countTokens } : {}),
    });
    if (!split) {
      onSkip?.({ storyIndex, reason: 'no sentence split within the prompt token bounds' });
      continue;
    }
    yield { index, storyIndex, ...split };
    index++;
    if (index >= limit) return;
  }
}

function toExclusion(exclude: TrainingPromptsOptions['exclude']): DevExclusion | undefined {
  if (exclude === undefined) return undefined;
  return 'reason' in exclude ? exclude : createDevExclusion(exclude);
}
