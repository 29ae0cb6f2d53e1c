import { assertArgument } from '@confu/errors';
import type { TextModel } from '@confu/core';

/** Options of {@link bitsPerByte}. */
export interface BitsPerByteOptions {
  /** Tokens per window; default and maximum the model's context length. */
  readonly window?: number;
  readonly signal?: AbortSignal;
}

/** What {@link bitsPerByte} measured. */
export interface BitsPerByte {
  /** Σ −log₂ p over the scored tokens ÷ UTF-8 bytes of the texts. */
  readonly bitsPerByte: number;
  /** Mean −ln p per scored token. */
  readonly natsPerToken: number;
  readonly tokens: number;
  readonly bytes: number;
}

/**
 * Held-out bits per byte of `texts` under `model`, comparable across tokenizers: each text is
 * encoded with the model's special tokens (BOS), every token after the first is scored given all
 * before it, and the summed natural-log loss is divided by the texts' UTF-8 bytes and ln 2. No
 * end-of-text token is scored (models mark the end differently). A text longer than the window is
 * scored in windows overlapping by half, each scoring only tokens the previous one did not.
 * @throws ConfuError `INVALID_ARGUMENT` for no texts or a window below 2.
 */
export async function bitsPerByte(
  model: TextModel,
  texts: readonly string[],
  options: BitsPerByteOptions = {},
): Promise<BitsPerByte> {
  const { contextLength, vocabSize: V } = model.lm.info;
  const window = Math.min(options.window ?? contextLength, contextLength);
  assertArgument(texts.length > 0, 'bitsPerByte needs at least one text');
  assertArgument(window >= 2, `window must be at least 2 tokens, got ${window}`);
  const encoder = new TextEncoder();
  let nats = 0;
  let tokens = 0;
  let bytes = 0;
  for (const text of texts) {
    options.signal?.throwIfAborted();
    const ids = model.tokenizer.encode(text);
    bytes += encoder.encode(text).length;
    // Score tokens [scoredFrom, end) of the window [start, end).
    let scoredFrom = 1;
    for (let start = 0; scoredFrom < ids.length; start += Math.floor(window / 2)) {
      const end = Math.min(ids.length, start + window);
      if (end <= scoredFrom) continue;
      const chunk = ids.slice(start, end);
      const { logits } = await model.lm.forward(model.lm.createCache(), { tokens: chunk });
      for (let index = scoredFrom; index < end; index++) {
        const row = logits.subarray((index - start - 1) * V, (index - start) * V);
        nats -= logProbability(row, ids[index] as number);
        tokens++;
      }
      scoredFrom = end;
    }
  }
  return { bitsPerByte: nats / bytes / Math.LN2, natsPerToken: nats / tokens, tokens, bytes };
}

function logProbability(logits: Float32Array, id: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of logits) if (value > max) max = value;
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  return (logits[id] as number) - max - Math.log(sum);
}
