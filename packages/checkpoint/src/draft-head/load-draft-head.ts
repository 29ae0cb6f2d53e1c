import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';
import { readJsonObject } from '../huggingface/read-json-file.js';
import { openSafetensorsCheckpoint } from '../huggingface/safetensors-checkpoint.js';
import type { SafetensorsCheckpoint } from '../huggingface/safetensors-checkpoint.js';
import { formatValue } from '../safetensors/format-value.js';
import type { Eagle3HeadConfig } from './draft-head-config.js';
import type { ConfuWeights, Eagle3HeadWeights } from './draft-head-weights.js';
import {
  confuTensorSpecs,
  eagle3TensorSpecs,
  embedTokensName,
  vocabTensorNames,
} from './draft-head-tensor-names.js';
import { parseDraftHeadConfig } from './parse-draft-head-config.js';
import { checkDraftHeadTarget } from './validate-draft-head.js';
import type { DraftHeadTarget } from './validate-draft-head.js';
import { vocabMappingFromTargetIds, vocabMappingProblem } from './vocab-mapping.js';

/** Options of {@link loadDraftHead}. */
export interface LoadDraftHeadOptions {
  /** The target the head will draft for; its vocabulary and hidden size must match. */
  readonly target?: DraftHeadTarget;
}

/**
 * Reads a draft head directory: `config.json` plus `model.safetensors` (or a sharded index) in the
 * SpecForge layout (see {@link saveDraftHead}). An `embed_tokens.weight` is ignored (the head
 * shares the target's embedding); any other unknown tensor is refused, so a mislabelled
 * checkpoint fails instead of drafting garbage. Every tensor is checked before any is read.
 * @throws ConfuError `INVALID_CONFIG` (bad config.json, mismatch with `target`), `INVALID_FILE`
 * (missing, unknown or misshaped tensor, bad d2t / t2d), `UNSUPPORTED` (dtype, architecture),
 * `FILE_NOT_FOUND`.
 */
export async function loadDraftHead(
  source: FileSource,
  options: LoadDraftHeadOptions = {},
): Promise<Eagle3HeadWeights> {
  const configLabel = source.describe('config.json');
  const config = parseDraftHeadConfig(await readJsonObject(source, 'config.json'), configLabel);
  if (options.target) checkDraftHeadTarget(config, options.target, configLabel);
  const checkpoint = await openSafetensorsCheckpoint(source);
  checkTensorNames(checkpoint, config, configLabel);

  const floatSpecs = eagle3TensorSpecs(config);
  for (const spec of floatSpecs) checkpoint.checkWeight(spec.name, spec.shape);
  const confuSpecs = confuTensorSpecs(config).filter(
    (spec) => spec.required || checkpoint.find(spec.name),
  );
  for (const spec of confuSpecs) checkpoint.checkWeight(spec.name, spec.shape);
  const vocab = await readVocabMapping(checkpoint, config);

  const floats: Partial<Record<string, Float32Array>> = {};
  for (const spec of floatSpecs)
    floats[spec.key] = await checkpoint.readWeight(spec.name, spec.shape);
  const confu: Partial<Record<keyof ConfuWeights, Float32Array>> = {};
  for (const spec of confuSpecs)
    confu[spec.key] = await checkpoint.readWeight(spec.name, spec.shape);
  return {
    ...(floats as Omit<Eagle3HeadWeights, 'config' | 'd2t' | 't2d' | 'confu'>),
    config,
    ...vocab,
    ...(config.confu ? { confu: confu as ConfuWeights } : {}),
  };
}

function checkTensorNames(
  checkpoint: SafetensorsCheckpoint,
  config: Eagle3HeadConfig,
  configLabel: string,
): void {
  const known = new Set<string>([
    ...eagle3TensorSpecs(config).map((spec) => spec.name),
    vocabTensorNames.d2t,
    vocabTensorNames.t2d,
    embedTokensName,
    ...confuTensorSpecs(config).map((spec) => spec.name),
  ]);
  const unknown = checkpoint.tensorNames.filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  if (!config.confu && unknown.some((name) => name.startsWith('confu.'))) {
    throw new ConfuError(
      'INVALID_FILE',
      `${checkpoint.label}: holds ConFu tensors (${formatValue(unknown[0])}) but ${configLabel} has no "confu" section`,
    );
  }
  throw new ConfuError(
    'INVALID_FILE',
    `${checkpoint.label}: unexpected tensors for an EAGLE-3 head: ${unknown.slice(0, 5).map(formatValue).join(', ')}${unknown.length > 5 ? ', ...' : ''}`,
  );
}

/** Reads `d2t` (I64 `[Vd]`) and `t2d` (BOOL `[V]`); both may be absent when `Vd = V` (identity). */
async function readVocabMapping(
  checkpoint: SafetensorsCheckpoint,
  config: Eagle3HeadConfig,
): Promise<{ d2t: BigInt64Array; t2d: Uint8Array }> {
  const { d2t: d2tName, t2d: t2dName } = vocabTensorNames;
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_FILE', `${checkpoint.label}: ${message}`);
  };
  const d2tInfo = checkpoint.find(d2tName);
  const t2dInfo = checkpoint.find(t2dName);
  if (!d2tInfo && !t2dInfo && config.draftVocabSize === config.vocabSize) {
    return vocabMappingFromTargetIds(
      Array.from({ length: config.vocabSize }, (_, id) => id),
      config.vocabSize,
    );
  }
  const expect = (info: typeof d2tInfo, name: string, dtype: string, length: number): void => {
    if (!info) return fail(`missing tensor ${formatValue(name)}`);
    if (info.dtype !== dtype || info.shape.length !== 1 || info.shape[0] !== length) {
      fail(
        `tensor ${formatValue(name)} is ${info.dtype} [${info.shape.join(', ')}], expected ${dtype} [${length}]`,
      );
    }
  };
  expect(d2tInfo, d2tName, 'I64', config.draftVocabSize);
  expect(t2dInfo, t2dName, 'BOOL', config.vocabSize);
  const d2t = (await checkpoint.readTensor(d2tName)) as BigInt64Array;
  const t2d = (await checkpoint.readTensor(t2dName)) as Uint8Array;
  const problem = vocabMappingProblem(d2t, t2d);
  if (problem) fail(problem);
  return { d2t, t2d };
}
