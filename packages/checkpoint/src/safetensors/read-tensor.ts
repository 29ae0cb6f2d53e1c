import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';
import { isFloatWeightDtype } from './dtype.js';
import { formatValue } from './format-value.js';
import { bfloat16ToFloat32, float16ToFloat32 } from './half-precision.js';
import { readExactly } from './read-exactly.js';
import { assertLittleEndianHost, storageArrayOf } from './safetensors-array.js';
import type { SafetensorsArray } from './safetensors-array.js';
import type { SafetensorsHeader, SafetensorsTensorInfo } from './safetensors-header.js';

/**
 * Reads tensor `tensorName` of a file whose header was validated by
 * {@link readSafetensorsHeader}, fetching only that tensor's byte range. The result owns its
 * memory (never a view of the source's buffers). `F16` / `BF16` are widened to float32; other
 * dtypes come back as described by {@link SafetensorsArrayMap}.
 * @throws ConfuError `INVALID_FILE` when the header has no such tensor, the read falls short, or
 * a `BOOL` byte is neither 0 nor 1.
 */
export async function readTensor(
  source: FileSource,
  header: SafetensorsHeader,
  tensorName: string,
): Promise<SafetensorsArray> {
  assertLittleEndianHost();
  const info = getTensorInfo(source, header, tensorName);
  const [begin, end] = info.dataOffsets;
  const buffer = new ArrayBuffer(end - begin);
  if (end > begin) {
    const bytes = await readExactly(
      source,
      header.file,
      header.dataStart + begin,
      header.dataStart + end,
    );
    // Copying gives an aligned buffer of our own, whatever offset the source's array has.
    new Uint8Array(buffer).set(bytes);
  }
  const stored = new storageArrayOf[info.dtype](buffer);
  if (info.dtype === 'BOOL') checkBooleans(source, header, info, stored as Uint8Array);
  if (info.dtype === 'F16') return float16ToFloat32(stored as Uint16Array);
  if (info.dtype === 'BF16') return bfloat16ToFloat32(stored as Uint16Array);
  return stored;
}

/**
 * Like {@link readTensor} for a weight, which must be `F32`, `F16` or `BF16`.
 * @throws ConfuError `UNSUPPORTED` for any other dtype, naming the tensor and the file.
 */
export async function readFloat32Tensor(
  source: FileSource,
  header: SafetensorsHeader,
  tensorName: string,
): Promise<Float32Array> {
  const { dtype } = getTensorInfo(source, header, tensorName);
  if (!isFloatWeightDtype(dtype)) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${source.describe(header.file)}: tensor ${formatValue(tensorName)} has dtype ${dtype}, expected F32, F16 or BF16`,
    );
  }
  return (await readTensor(source, header, tensorName)) as Float32Array;
}

/**
 * The header entry of `tensorName`.
 * @throws ConfuError `INVALID_FILE` naming the tensor and the file when it is absent.
 */
export function getTensorInfo(
  source: FileSource,
  header: SafetensorsHeader,
  tensorName: string,
): SafetensorsTensorInfo {
  const info = header.tensors.get(tensorName);
  if (!info) {
    throw new ConfuError(
      'INVALID_FILE',
      `${source.describe(header.file)}: no tensor named ${formatValue(tensorName)}`,
    );
  }
  return info;
}

/** A BOOL byte other than 0 / 1 is corruption; consumers of masks such as `t2d` assume 0 / 1. */
function checkBooleans(
  source: FileSource,
  header: SafetensorsHeader,
  info: SafetensorsTensorInfo,
  values: Uint8Array,
): void {
  const index = values.findIndex((value) => value > 1);
  if (index >= 0) {
    throw new ConfuError(
      'INVALID_FILE',
      `${source.describe(header.file)}: BOOL tensor ${formatValue(info.name)} holds ${values[index]} at index ${index}, expected 0 or 1`,
    );
  }
}
