import { ConfuError } from '@confu/errors';

type Values = Record<string, string | boolean | string[] | undefined>;

/** The range of a numeric flag, written as in the messages: `[1, ∞)`, `(0, 1]`. */
export interface NumberRange {
  readonly integer?: boolean;
  readonly min?: number;
  /** `min` itself is not allowed (e.g. top-p in (0, 1]). */
  readonly exclusiveMin?: boolean;
  readonly max?: number;
}

/** `an integer ≥ 1`, `a number in (0, 1]`: the honest description of a range. */
export function describeRange(range: NumberRange): string {
  const { integer = false, min = -Infinity, exclusiveMin = false, max = Infinity } = range;
  const kind = integer ? 'an integer' : 'a number';
  if (max === Infinity)
    return min === -Infinity ? kind : `${kind} ${exclusiveMin ? '>' : '≥'} ${min}`;
  if (min === -Infinity) return `${kind} ≤ ${max}`;
  return `${kind} in ${exclusiveMin ? '(' : '['}${min}, ${max}]`;
}

/** Parses `raw` as a number in `range`; the message names `--name` and the range. */
export function parseNumber(name: string, raw: string, range: NumberRange = {}): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const { integer = false, min = -Infinity, exclusiveMin = false, max = Infinity } = range;
  const valid =
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (exclusiveMin ? value > min : value >= min) &&
    value <= max;
  if (!valid) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--${name} must be ${describeRange(range)}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** Reads a numeric flag, rejecting anything that is not a finite number in range. */
export function numberOption(
  values: Values,
  name: string,
  range: NumberRange = {},
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  return parseNumber(name, typeof raw === 'string' ? raw : '', range);
}

/** Reads a required string flag. */
export function requiredString(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    throw new ConfuError('INVALID_ARGUMENT', `--${name} is required`);
  }
  return value;
}

/** parseArgs options every model command takes. */
export const modelArgs = {
  model: { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  dtype: { type: 'string' },
  offline: { type: 'boolean' },
  'hub-endpoint': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Usage lines of {@link modelArgs} that say where a model comes from. */
export const modelUsage = `  --model <path|hub id> model folder (llama2.c or Hugging Face layout) or hub id such as
                        owner/name[/folder] (default: the repository's default model)
  --dtype <type>        fp32 (default) | fp16 | q8 | q4: how the matrices are stored
  --offline             never use the network: hub ids from the Hugging Face cache only
  --hub-endpoint <url>  hub or mirror (default $HF_ENDPOINT or https://huggingface.co)`;

/** Reads the flags of {@link modelArgs}. */
export function readModelArgs(
  values: Values,
  defaults: { maxTokens: number; temperature: number },
): {
  modelPath: string | undefined;
  maxTokens: number;
  temperature: number;
  seed: number;
  numThreads: number | undefined;
} {
  const model = values.model;
  return {
    modelPath: typeof model === 'string' && model !== '' ? model : undefined,
    maxTokens: numberOption(values, 'max-tokens', { integer: true, min: 1 }) ?? defaults.maxTokens,
    temperature: numberOption(values, 'temperature', { min: 0 }) ?? defaults.temperature,
    seed:
      numberOption(values, 'seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0,
    numThreads: numberOption(values, 'threads', { integer: true, min: 1, max: 1024 }),
  };
}
