import { ConfuError } from '@confu/errors';

/** Reads a numeric flag, rejecting anything that is not a finite number in range. */
export function numberOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
  options: { integer?: boolean; min?: number; max?: number } = {},
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  const { integer = false, min = -Infinity, max = Infinity } = options;
  if (
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    const kind = integer ? 'an integer' : 'a number';
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--${name} must be ${kind} in [${min}, ${max}], got ${String(raw)}`,
    );
  }
  return value;
}

/** Reads a required string flag. */
export function requiredString(
  values: Record<string, string | boolean | undefined>,
  name: string,
): string {
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
  json: { type: 'boolean' },
} as const;

/** Reads the flags of {@link modelArgs}. */
export function readModelArgs(
  values: Record<string, string | boolean | undefined>,
  defaults: { maxTokens: number; temperature: number },
): {
  modelPath: string;
  maxTokens: number;
  temperature: number;
  seed: number;
  numThreads: number | undefined;
} {
  return {
    modelPath: requiredString(values, 'model'),
    maxTokens: numberOption(values, 'max-tokens', { integer: true, min: 1 }) ?? defaults.maxTokens,
    temperature: numberOption(values, 'temperature', { min: 0 }) ?? defaults.temperature,
    seed:
      numberOption(values, 'seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0,
    numThreads: numberOption(values, 'threads', { integer: true, min: 1 }),
  };
}
