import type { LlmChunk } from '@confu/browser';
import type { DecodedChunk } from '../decoder-protocol.js';

/** The part of a tokenizer's stream decoder the splitter needs. */
export interface TokenTextDecoder {
  push(id: number): string;
  flush(): string;
}

/**
 * Turns engine chunks into {@link DecodedChunk}s. In speculative decoding each chunk after the
 * first is one round (`chunk.round`): the accepted draft tokens, then the target's bonus token (a
 * round cut at `maxTokens` may end on an accepted token). A second stream decoder, fed the same
 * tokens as the engine's, gives each accepted token's text; the engine's `text` stays
 * authoritative, and the split falls back to "no pieces" when the two ever disagree.
 */
export function createChunkSplitter(
  decoder: TokenTextDecoder,
): (chunk: Pick<LlmChunk, 'text' | 'tokens' | 'round' | 'finishReason' | 'stats'>) => DecodedChunk {
  return (chunk) => {
    const pieces = chunk.tokens.map((token) => decoder.push(token));
    if (chunk.finishReason) decoder.flush();
    const acceptedCount = Math.min(chunk.round?.accepted ?? 0, chunk.tokens.length);
    const draftPieces = pieces.slice(0, acceptedCount);
    const agrees = chunk.text.startsWith(draftPieces.join(''));
    return {
      text: chunk.text,
      tokenCount: chunk.tokens.length,
      draftPieces: agrees ? draftPieces : [],
      ...(chunk.round
        ? {
            round: {
              drafted: chunk.round.drafted,
              accepted: acceptedCount,
              rejected: chunk.round.drafted - chunk.round.accepted,
            },
          }
        : {}),
      ...(chunk.finishReason ? { finishReason: chunk.finishReason } : {}),
      ...(chunk.stats ? { stats: chunk.stats } : {}),
    };
  };
}
