import type { onnx } from 'onnx-proto';
import { ConfuError } from '@confu/errors';

/** A float attribute; plain numbers are written as INT, so floats must be tagged. */
export interface FloatAttribute {
  readonly kind: 'float';
  readonly value: number;
}

/** A list-of-floats attribute. */
export interface FloatsAttribute {
  readonly kind: 'floats';
  readonly value: readonly number[];
}

/**
 * A node attribute value: `number` → INT, `number[]` → INTS, `string` → STRING,
 * `string[]` → STRINGS, {@link float} / {@link floats} for FLOAT / FLOATS.
 */
export type AttributeValue =
  number | readonly number[] | string | readonly string[] | FloatAttribute | FloatsAttribute;

/** Tags `value` as a FLOAT attribute (e.g. `epsilon`, `alpha`, `scale`). */
export function float(value: number): FloatAttribute {
  return { kind: 'float', value };
}

/** Tags `value` as a FLOATS attribute. */
export function floats(value: readonly number[]): FloatsAttribute {
  return { kind: 'floats', value };
}

// AttributeProto.AttributeType codes.
const FLOAT = 1;
const INT = 2;
const STRING = 3;
const FLOATS = 6;
const INTS = 7;
const STRINGS = 8;

const encoder = new TextEncoder();

/** Converts one attribute to its protobuf form. */
export function toAttributeProto(name: string, value: AttributeValue): onnx.IAttributeProto {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `attribute \`${name}\`: ${value} is not an integer; wrap floats in float()`,
      );
    }
    return { name, type: INT, i: value };
  }
  if (typeof value === 'string') return { name, type: STRING, s: encoder.encode(value) };
  if (isTagged(value)) {
    return value.kind === 'float'
      ? { name, type: FLOAT, f: value.value }
      : { name, type: FLOATS, floats: [...value.value] };
  }
  if (value.length > 0 && value.every((item): item is string => typeof item === 'string')) {
    return { name, type: STRINGS, strings: value.map((item) => encoder.encode(item)) };
  }
  const ints = value as readonly number[];
  if (!ints.every(Number.isInteger)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `attribute \`${name}\`: INTS must be integers; wrap floats in floats()`,
    );
  }
  return { name, type: INTS, ints: [...ints] };
}

function isTagged(value: AttributeValue): value is FloatAttribute | FloatsAttribute {
  return typeof value === 'object' && !Array.isArray(value) && 'kind' in value;
}
