import type { GenerationChunk, GenerationStats, Profiler, TargetModel } from '@confu/core';
import type { Sampler } from '@confu/sampler';
import { assertGenerationArguments } from './assert-generation-arguments.js';

/** Options of {@link generate}. */
export interface GenerateOptions {
  readonly model: TargetModel;
  /** Prompt token ids, special tokens (BOS) included. */
  readonly promptTokens: readonly number[];
  /** Maximum new tokens (≥ 1). Generation also stops at the context end. */
  readonly maxTokens: number;
  readonly sampler: Sampler;
  /** Token ids that end generation; the stop token itself is not emitted. */
  readonly stopTokens?: readonly number[];
  readonly signal?: AbortSignal;
  /** Clock in milliseconds; injectable for tests. Default `performance.now`. */
  readonly now?: () => number;
  /** Records `decode.step` (a whole step) and `decode.sample` (profiling). */
  readonly profiler?: Profiler;
}

/**
 * Plain autoregressive decoding: prefill the prompt, then one token per target pass with the KV
 * cache, until a stop token, `maxTokens` or the context end. Yields one chunk per token; an
 * aborted `signal` rejects with its reason before the next pass.
 * @throws ConfuError `INVALID_ARGUMENT` (maxTokens ≤ 0, empty prompt), `CONTEXT_OVERFLOW`
 * (prompt longer than the context).
 */
export async function* generate(options: GenerateOptions): AsyncGenerator<GenerationChunk, void> {
  const { model, promptTokens, maxTokens, sampler, signal, profiler } = options;
  const context = model.info.contextLength;
  assertGenerationArguments(promptTokens, maxTokens, context);
  const now = options.now ?? (() => performance.now());
  const stops = new Set(options.stopTokens ?? []);
  const history = [...promptTokens];
  const cache = model.createCache();
  const limit = Math.min(maxTokens, context - promptTokens.length);
  const started = now();
  let passes = 0;
  let generated = 0;
  let firstTokenAt = started;
  let finishReason: 'stop' | 'length' = 'length';
  let pending: readonly number[] = promptTokens;

  while (generated < limit) {
    signal?.throwIfAborted();
    const stepStart = profiler?.now() ?? 0;
    if (profiler) profiler.phase = passes === 0 ? 'prefill' : 'decode';
    const result = await model.forward(cache, {
      tokens: pending,
      outputs: sampler.picksRawArgmax ? 'argmax' : 'logits',
      ...(signal ? { signal } : {}),
    });
    passes++;
    model.commit(cache, result);
    const vocab = model.info.vocabSize;
    const sampleStart = profiler?.now() ?? 0;
    const token = result.argmax
      ? (result.argmax[pending.length - 1] as number)
      : sampler.sample(
          result.logits.subarray((pending.length - 1) * vocab, pending.length * vocab),
          history,
        );
    if (profiler && passes > 1) {
      const now = profiler.now();
      profiler.record('decode.sample', now - sampleStart);
      profiler.record('decode.step', now - stepStart);
    }
    if (passes === 1) firstTokenAt = now();
    if (stops.has(token)) {
      finishReason = 'stop';
      break;
    }
    history.push(token);
    generated++;
    pending = [token];
    if (generated < limit) yield { tokens: [token] };
    else yield { tokens: [token], ...finalFields() };
  }
  if (finishReason === 'stop' || generated === 0) yield { tokens: [], ...finalFields() };

  function finalFields(): { finishReason: 'stop' | 'length'; stats: GenerationStats } {
    const ended = now();
    const prefillMs = firstTokenAt - started;
    const decodeMs = ended - firstTokenAt;
    return {
      finishReason,
      stats: {
        promptTokens: promptTokens.length,
        generatedTokens: generated,
        targetPasses: passes,
        acceptanceLength: passes > 1 ? (generated - 1) / (passes - 1) : 1,
        prefillMs,
        decodeMs,
        timeToFirstTokenMs: prefillMs,
        tokensPerSecond: rate(generated, ended - started),
        decodeTokensPerSecond: rate(Math.max(0, generated - 1), decodeMs),
      },
    };
  }
}

function rate(count: number, milliseconds: number): number {
  return milliseconds > 0 ? (count * 1000) / milliseconds : 0;
}
