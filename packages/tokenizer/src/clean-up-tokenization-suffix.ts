/**
 * The replacements of `clean_up_tokenization_spaces` (transformers, `@huggingface/tokenizers`):
 * each removes the space in front of punctuation or an English contraction.
 */
const cleanUpPatterns: readonly string[] = [
  ' .',
  ' ?',
  ' !',
  ' ,',
  " ' ",
  " n't",
  " 'm",
  " 's",
  " 've",
  " 're",
];

/**
 * How many trailing UTF-16 units of a decoded text a later token could still change through
 * `clean_up_tokenization_spaces`: the tail from the last space when it is a proper prefix of a
 * pattern (`" "`, `" n"`, `" '"`, ...). Every pattern starts with its only leading space, so a
 * match that a new token completes always starts at that space. Internal.
 */
export function cleanUpTokenizationSuffix(text: string): number {
  const space = text.lastIndexOf(' ');
  if (space < 0 || text.length - space >= 4) return 0;
  const tail = text.slice(space);
  return cleanUpPatterns.some((pattern) => pattern.length > tail.length && pattern.startsWith(tail))
    ? tail.length
    : 0;
}
