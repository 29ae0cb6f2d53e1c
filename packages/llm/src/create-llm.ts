import type { Drafter, GenerationStats, TextModel } from '@confu/core';
import { createNgramDrafter, defaultTreeOptions } from '@confu/draft';
import { ConfuError } from '@confu/errors';
import type { ChatPrompt } from './chat-prompt.js';
import type { DraftMethod } from './draft-choice.js';
import type {
  Llm,
  LlmChunk,
  LlmGenerateOptions,
  LlmInput,
  LlmResult,
  LlmStats,
} from './llm-types.js';
import { observedStats } from './observed-stats.js';
import { createStopMatcher } from './stop-matcher.js';

/** What {@link createLlm} wraps. */
export interface CreateLlmOptions {
  readonly model: TextModel;
  readonly drafter?: Drafter | undefined;
  readonly method: DraftMethod;
  readonly chat: ChatPrompt;
}

const defaultMaxTokens = 256;

/**
 * The {@link Llm} over a loaded model and drafter (which it then owns). Platform packages call it
 * from `load`; it holds no platform code.
 */
export function createLlm(options: CreateLlmOptions): Llm {
  const { model, drafter, method, chat } = options;
  // Decode tokens/s of the latest plain generation: the baseline of `stats.speedup`.
  let plainDecodeRate: number | undefined;
  let disposed: Promise<void> | undefined;
  let ngram: Drafter | undefined;
  const loaded: DraftMethod = drafter ? method : 'none';

  const drafterFor = (requested: DraftMethod | undefined): Drafter | undefined => {
    const wanted = requested ?? loaded;
    if (wanted === 'none') return undefined;
    if (wanted === loaded) return drafter;
    if (wanted === 'ngram') return (ngram ??= createNgramDrafter({ tree: defaultTreeOptions }));
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`method\` ${wanted} is not loaded; use none, ngram${loaded === 'none' ? '' : ` or ${loaded}`} (load another with \`draft\`)`,
    );
  };

  const encode = (input: LlmInput): number[] => {
    if (typeof input === 'string') return model.encode(input);
    if (input.length > 0 && typeof input[0] === 'object') {
      return chat.encode(input as Parameters<ChatPrompt['encode']>[0]);
    }
    return model.encode(input as readonly number[]);
  };

  async function* chunks(
    input: LlmInput,
    generateOptions: LlmGenerateOptions = {},
  ): AsyncGenerator<LlmChunk, void> {
    const { stop, method: requested, tree, maxTokens, ...sampling } = generateOptions;
    const useDrafter = drafterFor(requested);
    const usedMethod = useDrafter ? (requested ?? loaded) : 'none';
    const promptTokens = encode(input);
    const stops = createStopMatcher(typeof stop === 'string' ? [stop] : (stop ?? []));
    const now = (): number => globalThis.performance.now();
    const startMs = now();
    let firstMs: number | undefined;
    let generated = 0;
    let passes = 0;
    const finish = (stats: GenerationStats): LlmStats => {
      if (!useDrafter) {
        if (stats.generatedTokens >= 2) plainDecodeRate = stats.decodeTokensPerSecond;
        return { ...stats, method: 'none' };
      }
      const speedup =
        plainDecodeRate && stats.decodeTokensPerSecond > 0
          ? stats.decodeTokensPerSecond / plainDecodeRate
          : undefined;
      return { ...stats, method: usedMethod, ...(speedup === undefined ? {} : { speedup }) };
    };
    for await (const chunk of model.generate({
      ...sampling,
      prompt: promptTokens,
      maxTokens: maxTokens ?? defaultMaxTokens,
      ...(useDrafter ? { drafter: useDrafter, tree: tree ?? 'auto' } : {}),
    })) {
      if (chunk.tokens.length > 0) {
        firstMs ??= now();
        generated += chunk.tokens.length;
        passes++;
      }
      const round = chunk.round ? { round: chunk.round } : {};
      const { emit, stopped } = stops.push(chunk.text);
      if (stopped) {
        const stats = observedStats(
          { promptTokens: promptTokens.length, generatedTokens: generated, targetPasses: passes },
          { startMs, firstMs: firstMs ?? now(), endMs: now() },
        );
        // Returning ends the engine's generator, which releases its caches.
        yield {
          text: emit,
          tokens: chunk.tokens,
          ...round,
          finishReason: 'stop',
          stats: finish(stats),
        };
        return;
      }
      if (chunk.finishReason) {
        yield {
          text: emit + stops.flush(),
          tokens: chunk.tokens,
          ...round,
          finishReason: chunk.finishReason,
          ...(chunk.stats ? { stats: finish(chunk.stats) } : {}),
        };
        return;
      }
      yield { text: emit, tokens: chunk.tokens, ...round };
    }
  }

  async function generate(
    input: LlmInput,
    generateOptions?: LlmGenerateOptions,
  ): Promise<LlmResult> {
    const promptTokens = encode(input);
    const tokens: number[] = [];
    let text = '';
    let last: LlmChunk | undefined;
    for await (const chunk of chunks(promptTokens, generateOptions)) {
      tokens.push(...chunk.tokens);
      text += chunk.text;
      last = chunk;
    }
    if (!last?.finishReason || !last.stats) throw new Error('generation ended without stats');
    return {
      text,
      tokens,
      promptTokens,
      finishReason: last.finishReason,
      stats: last.stats,
    };
  }

  async function* stream(
    input: LlmInput,
    generateOptions?: LlmGenerateOptions,
  ): AsyncGenerator<string, void> {
    for await (const chunk of chunks(input, generateOptions)) if (chunk.text) yield chunk.text;
  }

  const dispose = (): Promise<void> => {
    disposed ??= (async () => {
      try {
        await drafter?.dispose();
        await ngram?.dispose();
      } finally {
        await model.dispose();
      }
    })();
    return disposed;
  };

  return {
    model,
    drafter,
    method: loaded,
    hasChatTemplate: chat.hasTemplate,
    encode,
    generate,
    stream,
    chunks,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
