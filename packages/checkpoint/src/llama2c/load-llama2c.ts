import { ConfuError } from '@confu/errors';
import type { DecoderWeights } from '../decoder/decoder-weights.js';
import type { FileSource } from '@confu/core';
import { importLlama2c } from './import-llama2c.js';
import { LLAMA2C_HEADER_BYTES, llama2cFloatCount, readLlama2cHeader } from './llama2c-header.js';

/**
 * Reads `name` from `source` as a legacy llama2.c checkpoint, validating the header and the file
 * size before reading the weights.
 * @throws ConfuError `FILE_NOT_FOUND`, `INVALID_FILE`, `UNSUPPORTED` (see {@link importLlama2c}).
 */
export async function loadLlama2c(source: FileSource, name: string): Promise<DecoderWeights> {
  const label = source.describe(name);
  const size = await source.size(name);
  const header = readLlama2cHeader(
    await source.read(name, { start: 0, end: Math.min(size, LLAMA2C_HEADER_BYTES) }),
    label,
  );
  const expected = LLAMA2C_HEADER_BYTES + 4 * llama2cFloatCount(header);
  if (size !== expected) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: expected ${expected} bytes from its header, the file has ${size} bytes`,
    );
  }
  return importLlama2c(await source.read(name), { name: label });
}
