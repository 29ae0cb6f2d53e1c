import { ConfuError } from '@confu/errors';
import { llamaCppPreTokenizer, preTokenizerSignature } from './bpe-pre-tokenizer.js';
import { GgufTokenType } from './gguf-constants.js';
import type { Gpt2GgufVocabulary } from './gguf-vocabulary.js';

/** Options of {@link huggingFaceBpeVocabulary}. */
export interface HuggingFaceBpeVocabularyOptions {
  /** The model's vocabulary size; ids without a token become `[PAD<id>]` (unused). */
  readonly vocabSize: number;
  readonly bosTokenId?: number;
  readonly eosTokenId?: number;
  /** Whether prompts start with BOS. Default: `bosTokenId` is set. */
  readonly addBosToken?: boolean;
  /** `tokenizer.ggml.pre` to use instead of the one recognised from `pre_tokenizer`. */
  readonly pre?: string;
  /** File name for error messages. Default `tokenizer.json`. */
  readonly name?: string;
}

interface AddedToken {
  readonly id: number;
  readonly content: string;
  readonly special?: boolean;
}

/**
 * A Hugging Face byte-level BPE `tokenizer.json` as llama.cpp's converter writes it
 * (`_set_vocab_gpt2`): every id below `vocabSize` gets a token, added special tokens (and ones that
 * look special, `<|...|>`) are control tokens, other added tokens user-defined, gaps `[PAD<id>]`.
 * @throws ConfuError `UNSUPPORTED` for a non-BPE model or a pre-tokenizer llama.cpp has no name for
 * (pass `pre`), `INVALID_FILE` for a malformed file.
 */
export function huggingFaceBpeVocabulary(
  tokenizerJson: unknown,
  options: HuggingFaceBpeVocabularyOptions,
): Gpt2GgufVocabulary {
  const name = options.name ?? 'tokenizer.json';
  const json = record(tokenizerJson, name);
  const model = record(json.model, `${name} model`);
  if (model.type !== 'BPE') {
    throw new ConfuError('UNSUPPORTED', `${name}: model type ${String(model.type)}, not BPE`);
  }
  const pre = options.pre ?? llamaCppPreTokenizer(json.pre_tokenizer);
  if (pre === undefined) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${name}: llama.cpp has no pre-tokenizer name for \`${preTokenizerSignature(json.pre_tokenizer)}\`; pass \`pre\``,
    );
  }
  const tokens: (string | undefined)[] = new Array<string | undefined>(options.vocabSize);
  const types = new Int32Array(options.vocabSize).fill(GgufTokenType.normal);
  for (const [token, id] of Object.entries(record(model.vocab, `${name} model.vocab`))) {
    if (typeof id === 'number' && id < options.vocabSize) tokens[id] = token;
  }
  const added = Array.isArray(json.added_tokens) ? (json.added_tokens as AddedToken[]) : [];
  for (const token of added) {
    if (token.id >= options.vocabSize) continue;
    tokens[token.id] = token.content;
    types[token.id] =
      token.special || looksSpecial(token.content)
        ? GgufTokenType.control
        : GgufTokenType.userDefined;
  }
  for (let id = 0; id < options.vocabSize; id++) {
    if (tokens[id] === undefined) types[id] = GgufTokenType.unused;
  }
  return {
    model: 'gpt2',
    pre,
    tokens: Array.from(tokens, (token, id) => token ?? `[PAD${id}]`),
    tokenTypes: types,
    merges: readMerges(model.merges, name),
    ...(options.bosTokenId === undefined ? {} : { bosTokenId: options.bosTokenId }),
    ...(options.eosTokenId === undefined ? {} : { eosTokenId: options.eosTokenId }),
    addBosToken: options.addBosToken ?? options.bosTokenId !== undefined,
  };
}

/** convert_hf_to_gguf.py `does_token_look_special`. */
function looksSpecial(token: string): boolean {
  return (
    ['<pad>', '<mask>', '<2mass>', '[@BOS@]'].includes(token) ||
    (token.startsWith('<|') && token.endsWith('|>')) ||
    (token.startsWith('<\uff5c') && token.endsWith('\uff5c>')) ||
    (token.startsWith('<unused') && token.endsWith('>'))
  );
}

/** Merges as `"a b"` strings (tokenizers ≥ 0.20 may store `["a", "b"]` pairs). */
function readMerges(merges: unknown, name: string): string[] {
  if (!Array.isArray(merges)) throw new ConfuError('INVALID_FILE', `${name}: model.merges missing`);
  return merges.map((merge: unknown) => (Array.isArray(merge) ? merge.join(' ') : String(merge)));
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfuError('INVALID_FILE', `${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
