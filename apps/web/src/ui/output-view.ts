import type { DecodedChunk } from '../decoder-protocol.js';

/**
 * Streams model output into `container`. Each speculative round is a `<span class="round">` (its
 * boundary drawn by CSS) holding one `<span class="accepted">` per accepted draft token, then a
 * `<span class="bonus">` with the target's own token; `data-rejected` holds how many draft tokens
 * the target rejected, which CSS shows after the round (generated content, not text). Plain
 * decoding and the prefill's token are plain text nodes. Model text only ever reaches the page
 * through `textContent` / text nodes, never as markup.
 */
export function createOutputView(container: HTMLElement): {
  clear(): void;
  append(chunk: DecodedChunk): void;
} {
  const document = container.ownerDocument;
  const span = (className: string, text: string): HTMLSpanElement => {
    const element = document.createElement('span');
    element.className = className;
    element.textContent = text;
    return element;
  };
  return {
    clear: () => container.replaceChildren(),
    append(chunk) {
      if (!chunk.round) {
        if (chunk.text) container.append(document.createTextNode(chunk.text));
        return;
      }
      const round = document.createElement('span');
      round.className = 'round';
      round.dataset.rejected = String(chunk.round.rejected);
      for (const piece of chunk.draftPieces) round.append(span('accepted', piece));
      const rest = chunk.text.slice(chunk.draftPieces.join('').length);
      // A round cut at `maxTokens` after an accepted token has no bonus token.
      if (chunk.tokenCount > chunk.draftPieces.length || rest) round.append(span('bonus', rest));
      container.append(round);
    },
  };
}
