import type { TargetModel, TextModel, Tokenizer } from '@confu/core';
import { assertArgument } from '@confu/errors';
import { createSampler, createSeededRandom } from '@confu/sampler';
import { generate } from './generate.js';
import { speculativeGenerate } from './speculative-generate.js';

/**
 * Combines a tokenizer and a {@link CausalLm} into a {@link TextModel}. `stopTokens` defaults to the
 * tokenizer's end-of-sequence ids.
 */
export function createTextModel(options: {
  lm: TargetModel;
  tokenizer: Tokenizer;
  stopTokens?: readonly number[];
}): TextModel {
  const { lm, tokenizer } = options;
  const defaultStops = options.stopTokens ?? tokenizer.eosTokenIds;
  const encode = (prompt: string | readonly number[]): number[] =>
    typeof prompt === 'string' ? tokenizer.encode(prompt) : [...prompt];
  return {
    tokenizer,
    lm,
    encode,
    async *generate(request) {
      assertArgument(
        typeof request.prompt === 'string' || Array.isArray(request.prompt),
        '`prompt` must be a string or an array of token ids',
      );
      const random = createSeededRandom(request.seed ?? Math.floor(Math.random() * 2 ** 31));
      const sampler = createSampler({
        temperature: request.temperature ?? 1,
        random,
        ...pick(request, ['topK', 'topP', 'minP', 'repetitionPenalty']),
      });
      const promptTokens = encode(request.prompt);
      // The prompt tail decides leading spaces of the first generated piece.
      const decoder = tokenizer.createStreamDecoder({ prefixIds: promptTokens });
      const common = {
        model: lm,
        promptTokens,
        maxTokens: request.maxTokens,
        sampler,
        stopTokens: [...defaultStops, ...(request.stopTokens ?? [])],
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.profiler ? { profiler: request.profiler } : {}),
      };
      const chunks = request.drafter
        ? speculativeGenerate({ ...common, drafter: request.drafter, random })
        : generate(common);
      for await (const chunk of chunks) {
        let text = chunk.tokens.map((token) => decoder.push(token)).join('');
        if (chunk.finishReason) text += decoder.flush();
        yield { ...chunk, text };
      }
    },
    dispose: () => lm.dispose(),
  };
}

function pick<TObject extends object, TKey extends keyof TObject>(
  object: TObject,
  keys: readonly TKey[],
): Partial<Pick<TObject, TKey>> {
  const picked: Partial<Pick<TObject, TKey>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}
