import { ConfuError } from '@confu/errors';
import type { TrainedBpe } from './train-bpe.js';

/** Options of {@link bpeTokenizerFiles}. */
export interface BpeTokenizerFilesOptions {
  /** Prepended by the post-processor when encoding with special tokens. Default: first special token. */
  readonly bosToken?: string;
  /** `eos_token` of the config. Default: the second special token, or the only one. */
  readonly eosToken?: string;
}

/** `tokenizer.json` and `tokenizer_config.json` contents, as JSON objects. */
export interface BpeTokenizerFiles {
  readonly tokenizerJson: Record<string, unknown>;
  readonly tokenizerConfig: Record<string, unknown>;
}

const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true };

/**
 * The Hugging Face files of a trained BPE: a `BPE` model with `ByteLevel` pre-tokenizer and decoder
 * (GPT-2 style, no prefix space), the special tokens as added tokens, and a `TemplateProcessing`
 * post-processor that prepends BOS, as Llama's does. The config names BOS and EOS and keeps
 * `clean_up_tokenization_spaces` off so decoding is lossless.
 * @throws ConfuError `INVALID_ARGUMENT` when BOS or EOS is not a special token.
 */
export function bpeTokenizerFiles(
  trained: TrainedBpe,
  options: BpeTokenizerFilesOptions = {},
): BpeTokenizerFiles {
  const { specialTokens, tokens } = trained;
  const bos = specialIndex(specialTokens, options.bosToken, 0, 'bosToken');
  const eos = specialIndex(specialTokens, options.eosToken, 1 % specialTokens.length, 'eosToken');
  const addedTokens = specialTokens.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  const bosToken = specialTokens[bos] as string;
  const bosItem = { SpecialToken: { id: bosToken, type_id: 0 } };
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
    post_processor: {
      type: 'TemplateProcessing',
      single: [bosItem, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        bosItem,
        { Sequence: { id: 'A', type_id: 0 } },
        bosItem,
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [bosToken]: { id: bosToken, ids: [bos], tokens: [bosToken] } },
    },
    decoder: { type: 'ByteLevel', ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(tokens.map((token, id) => [token, id])),
      merges: trained.merges.map(([left, right]) => [left, right]),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: bosToken,
    eos_token: specialTokens[eos] as string,
    add_bos_token: true,
    add_eos_token: false,
    clean_up_tokenization_spaces: false,
    added_tokens_decoder: Object.fromEntries(
      addedTokens.map(({ id, ...token }) => [String(id), token]),
    ),
  };
  return { tokenizerJson, tokenizerConfig };
}

function specialIndex(
  specialTokens: readonly string[],
  token: string | undefined,
  fallback: number,
  option: string,
): number {
  const index = token === undefined ? fallback : specialTokens.indexOf(token);
  if (!(index >= 0 && index < specialTokens.length)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `${option} ${token ?? `(special token ${fallback})`} is not one of the special tokens ${JSON.stringify(specialTokens)}`,
    );
  }
  return index;
}
