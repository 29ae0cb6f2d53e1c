import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';
import { formatValue } from '../safetensors/format-value.js';
import { isFloatWeightDtype } from '../safetensors/dtype.js';
import { readSafetensorsHeader } from '../safetensors/read-safetensors-header.js';
import { getTensorInfo, readTensor } from '../safetensors/read-tensor.js';
import type { SafetensorsArray } from '../safetensors/safetensors-array.js';
import type {
  SafetensorsHeader,
  SafetensorsTensorInfo,
} from '../safetensors/safetensors-header.js';
import { parseShardedIndex } from './parse-sharded-index.js';
import { readJsonObject } from './read-json-file.js';

/** The single-file checkpoint name of transformers. */
export const singleFileName = 'model.safetensors';
/** The index of a sharded checkpoint. */
export const shardIndexName = 'model.safetensors.index.json';

/** The tensors of a Hugging Face checkpoint, one file or sharded, with validated headers. */
export interface SafetensorsCheckpoint {
  /** The file listing the tensors: {@link singleFileName} or {@link shardIndexName}. */
  readonly file: string;
  /** `file` as in error messages. */
  readonly label: string;
  /** Every tensor name, across shards. */
  readonly tensorNames: readonly string[];
  /** The header entry of a tensor, or `undefined` when the checkpoint lacks it. */
  find(tensorName: string): SafetensorsTensorInfo | undefined;
  /**
   * Checks that a weight exists with a float dtype and exactly `shape`.
   * @throws ConfuError `INVALID_FILE` (missing, wrong shape), `UNSUPPORTED` (dtype).
   */
  checkWeight(tensorName: string, shape: readonly number[]): void;
  /** {@link checkWeight}, then reads the weight widened to float32. */
  readWeight(tensorName: string, shape: readonly number[]): Promise<Float32Array>;
  /** Reads any tensor in its own dtype (`d2t`, `t2d`, ...). @throws ConfuError `INVALID_FILE`. */
  readTensor(tensorName: string): Promise<SafetensorsArray>;
}

/**
 * Opens `model.safetensors`, or else the shards listed by `model.safetensors.index.json`
 * (as transformers prefers), validating every header before any weight is read.
 * @throws ConfuError `FILE_NOT_FOUND` when neither exists or a shard is missing; `INVALID_FILE`
 * for a bad index or header, or a tensor missing from its shard.
 */
export async function openSafetensorsCheckpoint(
  source: FileSource,
): Promise<SafetensorsCheckpoint> {
  const files = new Set(await source.list());
  if (files.has(singleFileName)) {
    const header = await readSafetensorsHeader(source, singleFileName);
    return createCheckpoint(source, singleFileName, [...header.tensors.keys()], (name) =>
      header.tensors.has(name) ? header : undefined,
    );
  }
  if (!files.has(shardIndexName)) {
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `${source.describe(singleFileName)}: neither it nor ${shardIndexName} exists`,
    );
  }
  const label = source.describe(shardIndexName);
  const weightMap = parseShardedIndex(await readJsonObject(source, shardIndexName), label);
  for (const [tensor, shard] of weightMap) {
    if (!files.has(shard)) {
      throw new ConfuError(
        'FILE_NOT_FOUND',
        `${label}: shard ${formatValue(shard)} of tensor ${formatValue(tensor)} does not exist (${source.describe(shard)})`,
      );
    }
  }
  const headers = new Map<string, SafetensorsHeader>();
  for (const shard of new Set(weightMap.values())) {
    headers.set(shard, await readSafetensorsHeader(source, shard));
  }
  for (const [tensor, shard] of weightMap) {
    if (!headers.get(shard)?.tensors.has(tensor)) {
      throw new ConfuError(
        'INVALID_FILE',
        `${source.describe(shard)}: has no tensor ${formatValue(tensor)} although ${label} lists it there`,
      );
    }
  }
  return createCheckpoint(source, shardIndexName, [...weightMap.keys()], (name) => {
    const shard = weightMap.get(name);
    return shard === undefined ? undefined : headers.get(shard);
  });
}

function createCheckpoint(
  source: FileSource,
  file: string,
  tensorNames: readonly string[],
  headerOf: (tensorName: string) => SafetensorsHeader | undefined,
): SafetensorsCheckpoint {
  const label = source.describe(file);
  const headerFor = (tensorName: string): SafetensorsHeader => {
    const header = headerOf(tensorName);
    if (!header)
      throw new ConfuError('INVALID_FILE', `${label}: missing tensor ${formatValue(tensorName)}`);
    return header;
  };
  const checkWeight = (tensorName: string, shape: readonly number[]): void => {
    const header = headerFor(tensorName);
    const info = getTensorInfo(source, header, tensorName);
    const where = `${source.describe(header.file)}: tensor ${formatValue(tensorName)}`;
    if (!isFloatWeightDtype(info.dtype)) {
      throw new ConfuError(
        'UNSUPPORTED',
        `${where} has dtype ${info.dtype}, expected F32, F16 or BF16`,
      );
    }
    if (info.shape.length !== shape.length || info.shape.some((dim, i) => dim !== shape[i])) {
      throw new ConfuError(
        'INVALID_FILE',
        `${where} has shape [${info.shape.join(', ')}], expected [${shape.join(', ')}] from config.json`,
      );
    }
  };
  return {
    file,
    label,
    tensorNames,
    find: (tensorName) => headerOf(tensorName)?.tensors.get(tensorName),
    checkWeight,
    readWeight: async (tensorName, shape) => {
      checkWeight(tensorName, shape);
      return (await readTensor(source, headerFor(tensorName), tensorName)) as Float32Array;
    },
    readTensor: async (tensorName) => readTensor(source, headerFor(tensorName), tensorName),
  };
}
