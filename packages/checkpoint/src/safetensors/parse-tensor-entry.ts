import { ConfuError } from '@confu/errors';
import { isSafetensorsDtype, safetensorsItemSize } from './dtype.js';
import { formatValue } from './format-value.js';
import type { SafetensorsTensorInfo } from './safetensors-header.js';

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Validates one tensor entry of a header: a known dtype, a shape of non-negative safe integers,
 * and `data_offsets` `[begin, end]` inside the data section whose length is exactly
 * numel × item size (computed in BigInt, so a product beyond 2^53 cannot wrap or round).
 * @throws ConfuError `INVALID_FILE`, or `UNSUPPORTED` for a dtype this package does not know.
 */
export function parseTensorEntry(
  name: string,
  entry: unknown,
  dataSize: number,
  label: string,
): SafetensorsTensorInfo {
  const where = `${label}: tensor ${formatValue(name)}`;
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_FILE', `${where} ${message}`);
  };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return fail(`must be an object with dtype, shape and data_offsets, got ${formatValue(entry)}`);
  }
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== 'string') return fail(`has dtype ${formatValue(dtype)}, expected a string`);
  if (!isSafetensorsDtype(dtype)) {
    throw new ConfuError('UNSUPPORTED', `${where} has unsupported dtype ${formatValue(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeSafeInteger)) {
    return fail(`has shape ${formatValue(shape)}, expected an array of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeSafeInteger)) {
    return fail(`has data_offsets ${formatValue(offsets)}, expected [begin, end] integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) return fail(`has data_offsets [${begin}, ${end}] with end before begin`);
  if (end > dataSize) {
    return fail(`has data_offsets [${begin}, ${end}] beyond the ${dataSize}-byte data section`);
  }
  const numel = shape.reduce((product: bigint, dim: number) => product * BigInt(dim), 1n);
  const byteLength = numel * BigInt(safetensorsItemSize[dtype]);
  if (byteLength > maxSafe) {
    return fail(`has shape ${formatValue(shape)} whose ${byteLength}-byte size overflows 2^53`);
  }
  if (byteLength !== BigInt(end - begin)) {
    return fail(
      `has ${dtype} shape ${formatValue(shape)} (${byteLength} bytes) but data_offsets [${begin}, ${end}] span ${end - begin} bytes`,
    );
  }
  return {
    name,
    dtype,
    shape: [...(shape as number[])],
    numel: Number(numel),
    dataOffsets: [begin, end],
  };
}

function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
