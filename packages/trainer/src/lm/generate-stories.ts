import { assertArgument } from '@confu/errors';
import type { TextModel } from '@confu/core';

/** Options of {@link generateStories}. */
export interface GenerateStoriesOptions {
  /** Stories to sample. */
  readonly count: number;
  /** Sampling temperature (default 1: the model's own distribution). */
  readonly temperature?: number;
  /** Story `i` is sampled with seed `seed + i` (default 0). */
  readonly seed?: number;
  /** Token cap per story (default: the context after BOS). */
  readonly maxTokens?: number;
  /** Stories generated at once (each `generate` is async; default 1). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

/** One sampled story. */
export interface GeneratedStory {
  readonly index: number;
  readonly text: string;
  readonly tokens: number;
  /** `stop`: the model ended the story; `length`: cut at `maxTokens`. */
  readonly finishReason: 'stop' | 'length';
}

/**
 * Samples stories from `model` starting at BOS alone (what a story model writes unprompted),
 * story `i` with seed `seed + i`, yielded in index order whatever the concurrency: the output is
 * deterministic.
 * @throws ConfuError `INVALID_ARGUMENT` for bad counts, or a model without a BOS token.
 */
export async function* generateStories(
  model: TextModel,
  options: GenerateStoriesOptions,
): AsyncGenerator<GeneratedStory, void> {
  const { count, signal } = options;
  const concurrency = options.concurrency ?? 1;
  const bos = model.tokenizer.bosTokenId;
  assertArgument(Number.isInteger(count) && count >= 0, `count must be ≥ 0, got ${count}`);
  assertArgument(Number.isInteger(concurrency) && concurrency >= 1, 'concurrency must be ≥ 1');
  assertArgument(bos !== undefined, 'generateStories needs a model with a BOS token');
  const maxTokens = options.maxTokens ?? model.lm.info.contextLength - 1;
  const one = async (index: number): Promise<GeneratedStory> => {
    const tokens: number[] = [];
    let finishReason: 'stop' | 'length' = 'length';
    for await (const chunk of model.generate({
      prompt: [bos],
      maxTokens,
      temperature: options.temperature ?? 1,
      seed: (options.seed ?? 0) + index,
      ...(signal ? { signal } : {}),
    })) {
      tokens.push(...chunk.tokens);
      if (chunk.finishReason) finishReason = chunk.finishReason;
    }
    const text = model.tokenizer.decode(tokens, { skipSpecialTokens: true }).trim();
    return { index, text, tokens: tokens.length, finishReason };
  };
  const pending = new Map<number, Promise<GeneratedStory>>();
  let next = 0;
  for (let index = 0; index < count; index++) {
    while (next < count && next < index + concurrency) {
      const story = one(next);
      // Awaited in order below; a failure of a later story must not go unhandled meanwhile.
      story.catch(() => undefined);
      pending.set(next, story);
      next++;
    }
    const story = await (pending.get(index) as Promise<GeneratedStory>);
    pending.delete(index);
    yield story;
  }
}
