import { ConfuError } from '@confu/errors';
import { formatValue } from '../safetensors/format-value.js';

/**
 * Reads the `weight_map` of a parsed `model.safetensors.index.json`: tensor name → shard file.
 * Shard names must be plain relative paths inside the model directory (no absolute paths, `..`
 * or `.` segments, backslashes or drive letters), so an index cannot point outside it.
 * @param label - the index file's location, for error messages.
 * @throws ConfuError `INVALID_FILE` naming the index and the offending entry.
 */
export function parseShardedIndex(
  json: Readonly<Record<string, unknown>>,
  label: string,
): Map<string, string> {
  const weightMap = json['weight_map'];
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: "weight_map" must be an object of tensor name to file, got ${formatValue(weightMap)}`,
    );
  }
  const shards = new Map<string, string>();
  for (const [tensor, file] of Object.entries(weightMap)) {
    if (typeof file !== 'string' || !isConfinedPath(file)) {
      throw new ConfuError(
        'INVALID_FILE',
        `${label}: tensor ${formatValue(tensor)} maps to ${formatValue(file)}, expected a file name inside the model directory`,
      );
    }
    shards.set(tensor, file);
  }
  return shards;
}

function isConfinedPath(path: string): boolean {
  if (path.includes('\\') || path.includes('\0') || /^[a-zA-Z]:/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
