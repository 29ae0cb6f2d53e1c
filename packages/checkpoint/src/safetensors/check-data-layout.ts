import { ConfuError } from '@confu/errors';
import { formatValue } from './format-value.js';
import type { SafetensorsTensorInfo } from './safetensors-header.js';

/**
 * Checks that the tensors tile the data section exactly, in offset order: the first starts at
 * 0, each starts where the previous ended (no overlap, no gap) and the last ends at the end of
 * the file (no trailing bytes that another parser could read as a second format).
 * @returns the tensors in file order.
 * @throws ConfuError `INVALID_FILE` naming the two tensors or offsets involved.
 */
export function checkDataLayout(
  tensors: readonly SafetensorsTensorInfo[],
  dataSize: number,
  label: string,
): SafetensorsTensorInfo[] {
  const sorted = [...tensors].sort(
    (a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1],
  );
  let position = 0;
  let previous: SafetensorsTensorInfo | undefined;
  for (const tensor of sorted) {
    const [begin, end] = tensor.dataOffsets;
    if (begin !== position) {
      const after = previous
        ? `tensor ${formatValue(previous.name)} ends`
        : 'the data section starts';
      const problem = begin < position ? 'overlaps' : 'leaves a gap';
      throw new ConfuError(
        'INVALID_FILE',
        `${label}: tensor ${formatValue(tensor.name)} [${begin}, ${end}) ${problem}: ${after} at ${position}`,
      );
    }
    position = end;
    previous = tensor;
  }
  if (position !== dataSize) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: ${dataSize - position} trailing bytes after the last tensor (data ends at ${position} of ${dataSize})`,
    );
  }
  return sorted;
}
