import { ConfuError } from '@confu/errors';
import { Tokenizer as HfLibraryTokenizer } from '@huggingface/tokenizers';
import { assertTokenIds } from './assert-token-ids.js';
import { cleanUpTokenizationSuffix } from './clean-up-tokenization-suffix.js';
import { resolveHfSpecialTokens, tokenContent } from './hf-special-tokens.js';
import { isRecord, parseHfTokenizerJson } from './hf-tokenizer-json.js';
import type { HfTokenizerJson } from './hf-tokenizer-json.js';
import { probeTokenizer } from './probe-tokenizer.js';
import { createWindowedStreamDecoder } from './stream-decoder.js';
import type { Tokenizer } from '@confu/core';

/** Options of {@link loadHfTokenizer}. */
export interface LoadHfTokenizerOptions {
  /**
   * `tokenizer_config.json`: special tokens and `clean_up_tokenization_spaces` (applied only when
   * `true`; absent means `false`, as in transformers ≥ 4.45).
   */
  readonly config?: object;
  /** `generation_config.json`: its `eos_token_id` (a number or a list) adds stop ids. */
  readonly generationConfig?: object;
  /** File name used in error messages. Default `tokenizer.json`. */
  readonly name?: string;
}

/**
 * Loads a Hugging Face `tokenizer.json` (BPE, WordPiece or Unigram) with
 * `@huggingface/tokenizers`. Encoding follows the fast tokenizers of Python `transformers`.
 * A probe text is encoded and decoded at load, so a pipeline that cannot run fails here.
 * @throws ConfuError `INVALID_FILE` for malformed JSON, a missing `model`, ids over 2^22, a
 * malformed pipeline stage or a failed probe, `UNSUPPORTED` for a
 * model type or pipeline stage the library lacks, `INVALID_CONFIG` when the config names a BOS or
 * EOS token the vocabulary lacks.
 */
export function loadHfTokenizer(
  tokenizerJson: string | object,
  options: LoadHfTokenizerOptions = {},
): Tokenizer {
  const name = options.name ?? 'tokenizer.json';
  const json = parseHfTokenizerJson(tokenizerJson, name);
  const config = recordOption(options.config, 'config', name);
  const library = createLibraryTokenizer(json, config, name);
  let vocabSize = 0;
  for (const id of library.get_vocab(true).values()) vocabSize = Math.max(vocabSize, id + 1);
  const encode = (text: string, addSpecialTokens: boolean): number[] => {
    if (typeof text !== 'string') {
      throw new ConfuError('INVALID_ARGUMENT', `text to encode with ${name} must be a string`);
    }
    return library.encode(text, { add_special_tokens: addSpecialTokens }).ids;
  };
  // Before anything else encodes: a stage that cannot run fails here, with a coded error.
  probeTokenizer(
    name,
    vocabSize,
    (text) => encode(text, true),
    (ids) => library.decode([...ids], { skip_special_tokens: false }),
  );
  const special = resolveHfSpecialTokens({
    name,
    addedTokens: json.added_tokens,
    config,
    generationConfig: recordOption(options.generationConfig, 'generationConfig', name),
    vocabSize,
    tokenToId: (content) => library.token_to_id(content),
    idsOfEmptyText: () => encode('', true),
  });
  const decode = (ids: readonly number[], skipSpecialTokens = false): string => {
    assertTokenIds(ids, vocabSize, name);
    const kept = skipSpecialTokens ? ids.filter((id) => !special.specialTokenIds.has(id)) : ids;
    if (kept.length === 0) return ''; // the library rejects empty input
    return library.decode([...kept], { skip_special_tokens: skipSpecialTokens });
  };
  const cleansSpaces = config['clean_up_tokenization_spaces'] === true;
  return {
    vocabSize,
    ...special,
    encode: (text, encodeOptions) => encode(text, encodeOptions?.addSpecialTokens ?? true),
    decode: (ids, decodeOptions) => decode(ids, decodeOptions?.skipSpecialTokens),
    idToPiece: (id) => library.id_to_token(id),
    createStreamDecoder: (streamOptions = {}) => {
      const skip = streamOptions.skipSpecialTokens ?? true;
      return createWindowedStreamDecoder((ids) => decode(ids, skip), {
        ...(cleansSpaces ? { unstableSuffixLength: cleanUpTokenizationSuffix } : {}),
        ...(streamOptions.prefixIds ? { prefixIds: streamOptions.prefixIds } : {}),
      });
    },
  };
}

function createLibraryTokenizer(
  json: HfTokenizerJson,
  config: Record<string, unknown>,
  name: string,
): HfLibraryTokenizer {
  // transformers ≥ 4.45 defaults clean_up_tokenization_spaces to false; the library to true.
  const libraryConfig: Record<string, unknown> = {
    ...config,
    clean_up_tokenization_spaces: config['clean_up_tokenization_spaces'] === true,
  };
  // The library expects plain strings where configs may hold AddedToken objects.
  for (const key of ['bos_token', 'eos_token', 'unk_token', 'pad_token']) {
    if (key in config) libraryConfig[key] = tokenContent(config[key]) ?? null;
  }
  if (Array.isArray(config['additional_special_tokens'])) {
    libraryConfig['additional_special_tokens'] = config['additional_special_tokens']
      .map(tokenContent)
      .filter((content) => content !== undefined);
  }
  try {
    return new HfLibraryTokenizer(json, libraryConfig);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unsupported = /^Unknown \w+ type/.test(message);
    throw new ConfuError(
      unsupported ? 'UNSUPPORTED' : 'INVALID_FILE',
      `${name} could not be loaded: ${message}`,
      { cause: error },
    );
  }
}

function recordOption(value: unknown, option: string, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    throw new ConfuError('INVALID_ARGUMENT', `options.${option} for ${name} must be a JSON object`);
  }
  return value;
}
