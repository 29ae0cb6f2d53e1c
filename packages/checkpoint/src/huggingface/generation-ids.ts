import { ConfuError } from '@confu/errors';
import { formatValue } from '../safetensors/format-value.js';

/** Special token ids used to start and stop generation. */
export interface GenerationIds {
  readonly bosTokenId?: number;
  /** One or more ids that end generation (HF `eos_token_id` may be a number or a list). */
  readonly eosTokenIds?: readonly number[];
}

/**
 * Reads `bos_token_id` / `eos_token_id` from a parsed config.json or generation_config.json;
 * `null` or absent fields are left out.
 * @param label - the file's location; `vocabSize` bounds the ids.
 * @throws ConfuError `INVALID_CONFIG` for an id that is not an integer in `[0, vocabSize)`.
 */
export function parseGenerationIds(
  json: Readonly<Record<string, unknown>>,
  label: string,
  vocabSize: number,
): GenerationIds {
  const check = (field: string, value: unknown): number => {
    if (
      typeof value !== 'number' ||
      !Number.isSafeInteger(value) ||
      value < 0 ||
      value >= vocabSize
    ) {
      throw new ConfuError(
        'INVALID_CONFIG',
        `${label}: "${field}" must hold token ids in [0, ${vocabSize}), got ${formatValue(value)}`,
      );
    }
    return value;
  };
  const bos = json['bos_token_id'] ?? undefined;
  const eos = json['eos_token_id'] ?? undefined;
  const eosList = eos === undefined ? undefined : Array.isArray(eos) ? eos : [eos];
  return {
    ...(bos === undefined ? {} : { bosTokenId: check('bos_token_id', bos) }),
    ...(eosList === undefined
      ? {}
      : { eosTokenIds: eosList.map((id: unknown) => check('eos_token_id', id)) }),
  };
}
