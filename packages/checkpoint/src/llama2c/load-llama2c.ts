import type { DecoderWeights } from '../decoder/decoder-weights.js';
import type { FileSource } from '@confu/core';
import { readExactly } from '../safetensors/read-exactly.js';
import { assembleLlama2cWeights } from './assemble-llama2c.js';
import { checkLlama2cSize } from './import-llama2c.js';
import { LLAMA2C_HEADER_BYTES, readLlama2cHeader } from './llama2c-header.js';
import { llama2cSegments } from './llama2c-layout.js';

/**
 * Reads `name` from `source` as a legacy llama2.c checkpoint: the header and the file size are
 * validated first, then each array (one layer's matrix at most) is read by its own range, so the
 * file is never held as one buffer (files over 2 GiB, or 4 GiB, load like small ones).
 * @throws ConfuError `FILE_NOT_FOUND`, `INVALID_FILE`, `UNSUPPORTED` (see `importLlama2c`).
 */
export async function loadLlama2c(source: FileSource, name: string): Promise<DecoderWeights> {
  const label = source.describe(name);
  const size = await source.size(name);
  const header = readLlama2cHeader(
    await source.read(name, { start: 0, end: Math.min(size, LLAMA2C_HEADER_BYTES) }),
    label,
  );
  checkLlama2cSize(header, size, label);
  const arrays = new Map<string, Float32Array>();
  for (const segment of llama2cSegments(header)) {
    if (segment.name === 'ropeTables') continue;
    const bytes = await readExactly(
      source,
      name,
      segment.offset,
      segment.offset + 4 * segment.count,
    );
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    arrays.set(
      `${segment.name}:${segment.layer ?? ''}`,
      new Float32Array(aligned.buffer, aligned.byteOffset, segment.count),
    );
  }
  return assembleLlama2cWeights(
    header,
    (array, layer) => arrays.get(`${array}:${layer ?? ''}`) as Float32Array,
    label,
  );
}
