import { ConfuError } from '@confu/errors';
import {
  getTensorInfo,
  readSafetensorsHeader,
  readTensor,
  writeSafetensors,
} from '@confu/checkpoint';
import type { FileSource } from '@confu/core';
import type { SafetensorsHeader, SafetensorsTensorInput } from '@confu/checkpoint';
import type { RecordFinishReason, TargetDistribution, TrainingRecord } from './training-record.js';

/** `__metadata__.format` of a record blob. */
export const trainingRecordFormat = 'confu-training-record/1';

const finishReasons: readonly RecordFinishReason[] = ['stop', 'length', 'reference'];

/**
 * Serialises one record as a self-contained safetensors blob: tensors `tokens` I32 `[n]`, `taps`
 * F32 `[n, tapWidth]` and either `target_log_probs` F32 `[n, V]` or `target_top_k_ids` I32
 * `[n, k]` + `target_top_k_log_probs` F32 `[n, k]`; metadata `format`, `index`,
 * `prompt_length`, `finish_reason`, `target_kind`, `vocab_size`.
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent shapes.
 */
export function encodeRecordBlob(record: TrainingRecord): Uint8Array {
  const n = record.tokens.length;
  const { target } = record;
  const width = target.kind === 'full' ? target.vocabSize : target.k;
  const tensors: Record<string, SafetensorsTensorInput> = {
    tokens: { dtype: 'I32', shape: [n], data: record.tokens },
    taps: { dtype: 'F32', shape: [n, record.tapWidth], data: record.taps },
  };
  if (target.kind === 'full') {
    tensors['target_log_probs'] = { dtype: 'F32', shape: [n, width], data: target.logProbs };
  } else {
    tensors['target_top_k_ids'] = { dtype: 'I32', shape: [n, width], data: target.ids };
    tensors['target_top_k_log_probs'] = { dtype: 'F32', shape: [n, width], data: target.logProbs };
  }
  return writeSafetensors(tensors, {
    format: trainingRecordFormat,
    index: String(record.index),
    prompt_length: String(record.promptLength),
    finish_reason: record.finishReason,
    target_kind: target.kind,
    ...(target.kind === 'full' ? { vocab_size: String(target.vocabSize) } : {}),
  });
}

/**
 * Parses and validates a blob of {@link encodeRecordBlob}. `label` names it in errors (e.g.
 * `data.rec (record 3 at byte 1234)`).
 * @throws ConfuError `INVALID_FILE` naming `label` for a malformed blob, missing or mis-shaped
 * tensors, or bad metadata.
 */
export async function decodeRecordBlob(blob: Uint8Array, label: string): Promise<TrainingRecord> {
  const source = blobSource(blob, label);
  const blobReader: BlobReader = {
    source,
    header: await readSafetensorsHeader(source, 'record'),
    fail: (message) => {
      throw new ConfuError('INVALID_FILE', `${label}: ${message}`);
    },
  };
  const { header, fail } = blobReader;
  const format = header.metadata['format'];
  if (format !== trainingRecordFormat) {
    fail(
      `metadata format is ${JSON.stringify(format)}, expected ${JSON.stringify(trainingRecordFormat)}`,
    );
  }
  const tokens = (await tensor(blobReader, 'tokens', 'I32')) as Int32Array;
  const n = tokens.length;
  if (n === 0) fail('`tokens` is empty');
  const tapWidth = getTensorInfo(source, header, 'taps').shape[1] ?? 0;
  const taps = (await tensor(blobReader, 'taps', 'F32', [n, tapWidth])) as Float32Array;
  const promptLength = integerField(blobReader, 'prompt_length', [0, n]);
  const index = integerField(blobReader, 'index', [0, Number.MAX_SAFE_INTEGER]);
  const finishReason = header.metadata['finish_reason'] as RecordFinishReason;
  if (!finishReasons.includes(finishReason)) {
    fail(`unknown finish_reason ${JSON.stringify(finishReason)}`);
  }
  const target = await readTarget(blobReader, n);
  return { index, tokens, promptLength, finishReason, tapWidth, taps, target };
}

/** A parsed blob and how to report its problems. */
interface BlobReader {
  readonly source: FileSource;
  readonly header: SafetensorsHeader;
  readonly fail: (message: string) => never;
}

async function readTarget(blobReader: BlobReader, n: number): Promise<TargetDistribution> {
  const { source, header, fail } = blobReader;
  const kind = header.metadata['target_kind'];
  if (kind === 'full') {
    const vocabSize = integerField(blobReader, 'vocab_size', [1, Number.MAX_SAFE_INTEGER]);
    const logProbs = await tensor(blobReader, 'target_log_probs', 'F32', [n, vocabSize]);
    return { kind, vocabSize, logProbs: logProbs as Float32Array };
  }
  if (kind !== 'top-k') return fail(`unknown target_kind ${JSON.stringify(kind)}`);
  const k = getTensorInfo(source, header, 'target_top_k_ids').shape[1] ?? 0;
  if (k < 1) fail('`target_top_k_ids` must be [n, k] with k ≥ 1');
  const ids = (await tensor(blobReader, 'target_top_k_ids', 'I32', [n, k])) as Int32Array;
  const logProbs = await tensor(blobReader, 'target_top_k_log_probs', 'F32', [n, k]);
  if (ids.some((id) => id < 0)) fail('`target_top_k_ids` holds a negative id');
  return { kind, k, ids, logProbs: logProbs as Float32Array };
}

/** Reads tensor `name`, insisting on `dtype` and `shape` (default: any 1-D shape). */
async function tensor(
  { source, header, fail }: BlobReader,
  name: string,
  dtype: 'I32' | 'F32',
  shape?: readonly number[],
): Promise<Int32Array | Float32Array> {
  const info = getTensorInfo(source, header, name);
  if (info.dtype !== dtype) fail(`tensor \`${name}\` is ${info.dtype}, expected ${dtype}`);
  const expected = shape ?? [info.shape[0] ?? -1];
  if (
    info.shape.length !== expected.length ||
    info.shape.some((dim, axis) => dim !== expected[axis])
  ) {
    fail(
      `tensor \`${name}\` has shape [${info.shape.join(', ')}], expected [${expected.join(', ')}]`,
    );
  }
  return (await readTensor(source, header, name)) as Int32Array | Float32Array;
}

function integerField(
  { header, fail }: BlobReader,
  key: string,
  [min, max]: readonly [number, number],
): number {
  const text = header.metadata[key];
  const value = text !== undefined && /^\d+$/u.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    fail(`metadata ${key} is ${JSON.stringify(text)}, expected an integer in [${min}, ${max}]`);
  }
  return value;
}

/** A one-file {@link FileSource} over `blob` whose errors name `label`. */
function blobSource(blob: Uint8Array, label: string): FileSource {
  return {
    list: () => Promise.resolve(['record']),
    size: () => Promise.resolve(blob.length),
    read: (_name, range) =>
      Promise.resolve().then(() => {
        if (!range) return blob;
        if (range.start < 0 || range.end < range.start || range.end > blob.length) {
          throw new ConfuError(
            'INVALID_FILE',
            `${label}: range [${range.start}, ${range.end}) is beyond its ${blob.length} bytes`,
          );
        }
        return blob.subarray(range.start, range.end);
      }),
    describe: () => label,
  };
}
