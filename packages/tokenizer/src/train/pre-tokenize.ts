/**
 * The split of `@huggingface/tokenizers`' `ByteLevel` pre-tokenizer with `use_regex: true` (GPT-2's
 * pattern). Training must split exactly as encoding does, so this is a copy of the library's.
 */
export const byteLevelPattern: RegExp =
  /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const whitespace = /\s/;

/**
 * The end of the longest prefix of `text` that splits into the same pieces whatever text follows:
 * every alternative of {@link byteLevelPattern} ends a piece where whitespace follows
 * non-whitespace. 0 when `text` has no such point.
 */
export function stableSplitEnd(text: string): number {
  for (let index = text.length - 1; index > 0; index--) {
    if (whitespace.test(text.charAt(index)) && !whitespace.test(text.charAt(index - 1))) {
      return index;
    }
  }
  return 0;
}
