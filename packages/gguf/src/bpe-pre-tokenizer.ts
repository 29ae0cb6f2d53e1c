/** The pre-tokenizer regexes of tokenizer.json files, as llama-vocab.cpp quotes them. */
const llama3Regex =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const qwen2Regex =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/**
 * `tokenizer.ggml.pre` values of llama.cpp (src/llama-vocab.cpp) keyed by a signature of the
 * tokenizer.json `pre_tokenizer` (see {@link preTokenizerSignature}).
 */
const preBySignature: ReadonlyMap<string, string> = new Map([
  ['ByteLevel(regex)', 'gpt-2'],
  ['Digits(individual)+ByteLevel(regex)', 'smollm'],
  [`Split(${llama3Regex})+ByteLevel`, 'llama-bpe'],
  [`Split(${qwen2Regex})+ByteLevel`, 'qwen2'],
]);

/** The llama.cpp pre-tokenizer name for a tokenizer.json `pre_tokenizer`, if known. */
export function llamaCppPreTokenizer(preTokenizer: unknown): string | undefined {
  return preBySignature.get(preTokenizerSignature(preTokenizer));
}

/** A short text form of a `pre_tokenizer` object, e.g. `Digits(individual)+ByteLevel(regex)`. */
export function preTokenizerSignature(preTokenizer: unknown): string {
  if (!isRecord(preTokenizer)) return 'none';
  if (preTokenizer.type === 'Sequence' && Array.isArray(preTokenizer.pretokenizers)) {
    return preTokenizer.pretokenizers.map(preTokenizerSignature).join('+');
  }
  switch (preTokenizer.type) {
    case 'ByteLevel':
      return preTokenizer.use_regex === false ? 'ByteLevel' : 'ByteLevel(regex)';
    case 'Digits':
      return preTokenizer.individual_digits ? 'Digits(individual)' : 'Digits';
    case 'Split': {
      const pattern = isRecord(preTokenizer.pattern) ? preTokenizer.pattern : {};
      return `Split(${String(pattern.Regex ?? pattern.String ?? '')})`;
    }
    default:
      return String(preTokenizer.type);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
