import { ConfuError } from '@confu/errors';
import type { HfAddedToken } from './hf-tokenizer-json.js';
import { isRecord } from './hf-tokenizer-json.js';

/** The special ids of a Hugging Face tokenizer. Internal. */
export interface HfSpecialTokens {
  readonly bosTokenId: number | undefined;
  readonly eosTokenIds: readonly number[];
  readonly specialTokenIds: ReadonlySet<number>;
}

/** What {@link resolveHfSpecialTokens} reads. */
export interface HfSpecialTokenSources {
  readonly name: string;
  readonly addedTokens: readonly HfAddedToken[];
  /** `tokenizer_config.json`, or `{}`. */
  readonly config: Record<string, unknown>;
  /** `generation_config.json`, or `{}`. */
  readonly generationConfig: Record<string, unknown>;
  readonly vocabSize: number;
  readonly tokenToId: (content: string) => number | undefined;
  /** `encode("")` with special tokens: its first id, if special, is BOS when the config names none. */
  readonly idsOfEmptyText: () => readonly number[];
}

/**
 * BOS and EOS come from `bos_token` / `eos_token` of `tokenizer_config.json` (a string or an
 * `AddedToken` object with `content`); `generation_config.json`'s `eos_token_id` adds stop ids.
 * Special ids are the added tokens marked `special`, the config's special tokens and
 * `added_tokens_decoder` entries marked `special`.
 */
export function resolveHfSpecialTokens(sources: HfSpecialTokenSources): HfSpecialTokens {
  const { config, name } = sources;
  const idOf = (key: string): number | undefined => {
    const content = tokenContent(config[key]);
    if (content === undefined) return undefined;
    const id = sources.tokenToId(content);
    if (id === undefined) {
      throw new ConfuError(
        'INVALID_CONFIG',
        `tokenizer_config.json ${key} "${content}" is not in the vocabulary of ${name}`,
      );
    }
    return id;
  };
  const special = new Set<number>();
  for (const token of sources.addedTokens) if (token.special) special.add(token.id);
  const bosTokenId = 'bos_token' in config ? idOf('bos_token') : inferredBos(sources, special);
  const eos = new Set<number>();
  const configEos = idOf('eos_token');
  if (configEos !== undefined) eos.add(configEos);
  for (const id of generationEosIds(sources)) eos.add(id);
  // Unlike BOS/EOS, these only widen `skipSpecialTokens`, so unknown ones are ignored.
  const others = [
    config['unk_token'],
    config['pad_token'],
    ...listOf(config['additional_special_tokens']),
  ];
  for (const content of others.map(tokenContent)) {
    const id = content === undefined ? undefined : sources.tokenToId(content);
    if (id !== undefined) special.add(id);
  }
  for (const id of specialIdsOfDecoder(config['added_tokens_decoder'])) {
    if (id < sources.vocabSize) special.add(id);
  }
  if (bosTokenId !== undefined) special.add(bosTokenId);
  for (const id of eos) special.add(id);
  return { bosTokenId, eosTokenIds: [...eos], specialTokenIds: special };
}

/** The content of a special-token entry: a string, or an `AddedToken` object. */
export function tokenContent(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value['content'] === 'string') return value['content'];
  return undefined;
}

function inferredBos(sources: HfSpecialTokenSources, special: Set<number>): number | undefined {
  const first = sources.idsOfEmptyText()[0];
  return first !== undefined && special.has(first) ? first : undefined;
}

function generationEosIds(sources: HfSpecialTokenSources): number[] {
  const value = sources.generationConfig['eos_token_id'];
  if (value === undefined || value === null) return [];
  const ids = Array.isArray(value) ? value : [value];
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= sources.vocabSize) {
      throw new ConfuError(
        'INVALID_CONFIG',
        `generation_config.json eos_token_id ${JSON.stringify(id)} is not an id of ${sources.name}`,
      );
    }
  }
  return ids as number[];
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function specialIdsOfDecoder(value: unknown): number[] {
  if (!isRecord(value)) return [];
  return Object.entries(value)
    .filter(([key, entry]) => /^\d+$/.test(key) && isRecord(entry) && entry['special'] === true)
    .map(([key]) => Number(key));
}
