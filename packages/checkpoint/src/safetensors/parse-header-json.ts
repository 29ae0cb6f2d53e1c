import { ConfuError } from '@confu/errors';
import { findDuplicateKey } from './find-duplicate-key.js';
import { formatValue } from './format-value.js';

/** Most tensors one safetensors file may list (the header's keys, `__metadata__` aside). */
export const maxSafetensorsTensors = 65_536;

// ignoreBOM keeps a byte-order mark in the text, so it fails the `{` check like in the reference.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes and parses the JSON header bytes into a plain object.
 * @param label - the file, for error messages.
 * @throws ConfuError `INVALID_FILE` when the header does not start with `{`, is not UTF-8 or not
 * JSON, repeats a key, or lists more than {@link maxSafetensorsTensors} tensors.
 */
export function parseHeaderJson(bytes: Uint8Array, label: string): Record<string, unknown> {
  if (bytes[0] !== 0x7b) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: safetensors header must start with "{", found byte 0x${(bytes[0] ?? 0).toString(16).padStart(2, '0')}`,
    );
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (cause) {
    throw new ConfuError('INVALID_FILE', `${label}: safetensors header is not valid UTF-8`, {
      cause,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: safetensors header is not valid JSON (${reason})`,
      {
        cause,
      },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfuError('INVALID_FILE', `${label}: safetensors header must be a JSON object`);
  }
  const tensors = Object.keys(parsed).length - (Object.hasOwn(parsed, '__metadata__') ? 1 : 0);
  if (tensors > maxSafetensorsTensors) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: safetensors header lists ${tensors} tensors, over the limit of ${maxSafetensorsTensors}`,
    );
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: safetensors header repeats the key ${formatValue(duplicate)}`,
    );
  }
  return parsed as Record<string, unknown>;
}
