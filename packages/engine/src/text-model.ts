import type { Drafter, TargetModel, TextGenerateOptions, TextModel, Tokenizer } from '@confu/core';
import { assertArgument } from '@confu/errors';
import { createSampler, createSeededRandom } from '@confu/sampler';
import { generate } from './generate.js';
import { speculativeGenerate } from './speculative-generate.js';
import { autoTreePolicy } from './tree-policy/auto-tree-policy.js';
import { fixedTreePolicy } from './tree-policy/tree-policy.js';
import type { TreePolicy } from './tree-policy/tree-policy.js';
import { measureVerifyCost } from './tree-policy/verify-cost.js';
import type { VerifyCostCurve } from './tree-policy/verify-cost.js';

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
  // Measured once, on the first generation that asks for an automatic tree.
  let verifyCost: Promise<VerifyCostCurve> | undefined;
  // One policy per drafter, so what it learns about acceptance carries over between requests.
  const policies = new WeakMap<Drafter, TreePolicy>();
  const treePolicy = async (
    drafter: Drafter,
    tree: TextGenerateOptions['tree'],
  ): Promise<TreePolicy> => {
    if (tree !== 'auto') return fixedTreePolicy(tree);
    let policy = policies.get(drafter);
    if (!policy) {
      verifyCost ??= measureVerifyCost(lm, { taps: drafter.requirements.taps });
      const curve = await verifyCost;
      policy = autoTreePolicy({ verifyMs: curve.at });
      policies.set(drafter, policy);
    }
    return policy;
  };
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
        ? speculativeGenerate({
            ...common,
            drafter: request.drafter,
            random,
            treePolicy: await treePolicy(request.drafter, request.tree),
          })
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
