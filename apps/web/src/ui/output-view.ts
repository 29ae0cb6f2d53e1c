import type { DecodedChunk } from '../decoder-protocol.js';

/**
 * Streams model output into `container` as text nodes, with each round's accepted draft text in
 * a `<span class="accepted">`. Model text only ever reaches the page through `textContent` /
 * text nodes, never as markup.
 */
export function createOutputView(container: HTMLElement): {
  clear(): void;
  append(chunk: DecodedChunk): void;
} {
  const document = container.ownerDocument;
  return {
    clear: () => container.replaceChildren(),
    append(chunk) {
      if (chunk.draftText) {
        const span = document.createElement('span');
        span.className = 'accepted';
        span.textContent = chunk.draftText;
        container.append(span);
      }
      const rest = chunk.text.slice(chunk.draftText.length);
      if (rest) container.append(document.createTextNode(rest));
    },
  };
}
