import { ConfuError } from '@confu/errors';
import { checkHfTokenizerJson } from './hf-tokenizer-limits.js';

/** `tokenizer.json` model types that `@huggingface/tokenizers` implements. */
export const supportedHfModelTypes: readonly string[] = ['BPE', 'WordPiece', 'Unigram'];

/** A `tokenizer.json` object checked enough that `@huggingface/tokenizers` can load it. Internal. */
export interface HfTokenizerJson {
  readonly model: { readonly type: string } & Record<string, unknown>;
  readonly added_tokens: readonly HfAddedToken[];
  readonly [key: string]: unknown;
}

/** One `added_tokens` entry of `tokenizer.json`. */
export interface HfAddedToken {
  readonly id: number;
  readonly content: string;
  readonly special?: boolean;
}

/**
 * Parses (if needed) and checks a `tokenizer.json`: an object with a `model` of a supported type
 * and the fields that type needs, well-formed `added_tokens`, ids and pipeline stages as
 * `checkHfTokenizerJson` requires. Absent pipeline stages become
 * `null`, as the library requires them to be present.
 */
export function parseHfTokenizerJson(input: string | object, name: string): HfTokenizerJson {
  const json = typeof input === 'string' ? parseJson(input, name) : input;
  if (!isRecord(json)) {
    throw new ConfuError('INVALID_FILE', `${name} is not a JSON object`);
  }
  const model = json['model'];
  if (!isRecord(model)) {
    throw new ConfuError('INVALID_FILE', `${name} has no "model" object`);
  }
  const type = model['type'];
  if (typeof type !== 'string' || !supportedHfModelTypes.includes(type)) {
    const shown = typeof type === 'string' ? `"${type}"` : 'a missing type';
    throw new ConfuError(
      'UNSUPPORTED',
      `${name}: tokenizer model type ${shown} is not supported (supported: ${supportedHfModelTypes.join(', ')})`,
    );
  }
  const vocab = model['vocab'];
  const vocabOk = type === 'Unigram' ? Array.isArray(vocab) : isRecord(vocab);
  if (!vocabOk) throw new ConfuError('INVALID_FILE', `${name}: ${type} model has no valid "vocab"`);
  if (type === 'BPE' && !Array.isArray(model['merges'])) {
    throw new ConfuError('INVALID_FILE', `${name}: BPE model has no "merges" list`);
  }
  const addedTokens = json['added_tokens'] ?? [];
  if (!Array.isArray(addedTokens) || !addedTokens.every(isAddedToken)) {
    throw new ConfuError('INVALID_FILE', `${name}: "added_tokens" must be a list of {id, content}`);
  }
  checkHfTokenizerJson({ ...json, added_tokens: addedTokens }, name);
  return {
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: null,
    ...json,
    model: { ...model, type },
    added_tokens: addedTokens,
  };
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfuError('INVALID_FILE', `${name} is not valid JSON`, { cause: error });
  }
}

/** Whether a value is a plain (non-array) object. Internal. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAddedToken(value: unknown): value is HfAddedToken {
  return (
    isRecord(value) &&
    Number.isInteger(value['id']) &&
    (value['id'] as number) >= 0 &&
    typeof value['content'] === 'string'
  );
}
