import { ConfuError } from '@confu/errors';
import type { AttributeValue } from '@confu/onnx';
import type { RecordedNode } from './recorded-graph.js';

function read(node: RecordedNode, name: string): AttributeValue | undefined {
  return node.attributes[name];
}

function fail(node: RecordedNode, name: string, kind: string): never {
  throw new ConfuError(
    'INVALID_ARGUMENT',
    `node \`${node.name}\` (${node.opType}): attribute \`${name}\` must be ${kind}`,
  );
}

/** An INT attribute, or `fallback` when absent. */
export function intAttribute(node: RecordedNode, name: string, fallback: number): number {
  const value = read(node, name);
  if (value === undefined) return fallback;
  return typeof value === 'number' ? value : fail(node, name, 'an integer');
}

/** An INTS attribute, or `undefined` when absent. */
export function intsAttribute(node: RecordedNode, name: string): readonly number[] | undefined {
  const value = read(node, name);
  if (value === undefined) return undefined;
  return Array.isArray(value) && value.every((item) => typeof item === 'number')
    ? (value as readonly number[])
    : fail(node, name, 'a list of integers');
}

/** A FLOAT attribute (tagged with `float()`, or a plain integer), or `fallback`. */
export function floatAttribute(node: RecordedNode, name: string, fallback: number): number {
  const value = read(node, name);
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && 'kind' in value && value.kind === 'float') return value.value;
  return fail(node, name, 'a float');
}

/** A STRING attribute, or `fallback`. */
export function stringAttribute(node: RecordedNode, name: string, fallback: string): string {
  const value = read(node, name);
  if (value === undefined) return fallback;
  return typeof value === 'string' ? value : fail(node, name, 'a string');
}

/** `axis` normalised into `[0, rank)`. */
export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}
