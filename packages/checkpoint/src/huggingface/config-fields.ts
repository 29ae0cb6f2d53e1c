import { ConfuError } from '@confu/errors';
import { formatValue } from '../safetensors/format-value.js';

/**
 * Typed access to the fields of a parsed `config.json`. `null` counts as absent, as in
 * transformers. Every error is `INVALID_CONFIG` naming the file, the field and the value.
 */
export interface ConfigFields {
  /** A required positive safe integer. */
  positiveInteger(field: string): number;
  /** A safe integer ≥ `minimum` (default 1: positive), or `undefined` when absent. */
  optionalInteger(field: string, minimum?: number): number | undefined;
  /** A positive finite number, or `fallback` when absent (required without a fallback). */
  positiveNumber(field: string, fallback?: number): number;
  /** A boolean, or `fallback` when absent. */
  boolean(field: string, fallback: boolean): boolean;
  /** The raw value (`undefined` when absent or null). */
  value(field: string): unknown;
  /** The file, as in error messages. */
  readonly label: string;
  /** Throws `INVALID_CONFIG` with `message` after the file name. */
  fail(message: string): never;
}

/** Wraps `json` (the parsed `config.json` at `label`) in {@link ConfigFields}. */
export function createConfigFields(
  json: Readonly<Record<string, unknown>>,
  label: string,
): ConfigFields {
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_CONFIG', `${label}: ${message}`);
  };
  const get = (field: string): unknown => {
    const value = Object.hasOwn(json, field) ? json[field] : undefined;
    return value === null ? undefined : value;
  };
  const optionalInteger = (field: string, minimum = 1): number | undefined => {
    const value = get(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
      const domain = minimum === 1 ? 'a positive integer' : `an integer >= ${minimum}`;
      return fail(`"${field}" must be ${domain}, got ${formatValue(value)}`);
    }
    return value;
  };
  return {
    positiveInteger: (field) =>
      optionalInteger(field) ?? fail(`required field "${field}" is missing`),
    optionalInteger,
    positiveNumber: (field, fallback) => {
      const value = get(field) ?? fallback ?? fail(`required field "${field}" is missing`);
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        return fail(`"${field}" must be a positive number, got ${formatValue(value)}`);
      }
      return value;
    },
    boolean: (field, fallback) => {
      const value = get(field) ?? fallback;
      if (typeof value !== 'boolean') {
        return fail(`"${field}" must be true or false, got ${formatValue(value)}`);
      }
      return value;
    },
    value: get,
    label,
    fail,
  };
}
