import { writeSafetensors } from '../safetensors/write-safetensors.js';
import type { SafetensorsTensorInput } from '../safetensors/write-safetensors.js';
import { draftHeadConfigJson } from './draft-head-config-json.js';
import type { Eagle3HeadWeights } from './draft-head-weights.js';
import {
  confuTensorSpecs,
  eagle3TensorSpecs,
  vocabTensorNames,
} from './draft-head-tensor-names.js';
import { validateDraftHead } from './validate-draft-head.js';

/** The files of a saved head, ready to write into a directory. */
export interface DraftHeadFiles {
  readonly 'config.json': Uint8Array;
  readonly 'model.safetensors': Uint8Array;
}

/** Options of {@link saveDraftHead}. */
export interface SaveDraftHeadOptions {
  /** Float weight dtype in the file. Default `'F32'` (lossless round trip). */
  readonly dtype?: 'F32' | 'F16' | 'BF16';
}

const torchDtypes = { F32: 'float32', F16: 'float16', BF16: 'bfloat16' } as const;

/**
 * Serialises a head in the SpecForge layout (`config.json` + `model.safetensors` with `fc.weight`,
 * `midlayer.*`, `norm.weight`, `lm_head.weight`, `d2t` I64, `t2d` BOOL, and `confu.*` for ConFu),
 * without the target embedding. {@link loadDraftHead} reads it back.
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent weights.
 */
export function saveDraftHead(
  head: Eagle3HeadWeights,
  options: SaveDraftHeadOptions = {},
): DraftHeadFiles {
  validateDraftHead(head);
  const dtype = options.dtype ?? 'F32';
  const tensors: Record<string, SafetensorsTensorInput> = {};
  for (const spec of eagle3TensorSpecs(head.config)) {
    tensors[spec.name] = { dtype, shape: spec.shape, data: head[spec.key] };
  }
  tensors[vocabTensorNames.d2t] = { dtype: 'I64', shape: [head.d2t.length], data: head.d2t };
  tensors[vocabTensorNames.t2d] = { dtype: 'BOOL', shape: [head.t2d.length], data: head.t2d };
  for (const spec of confuTensorSpecs(head.config)) {
    const data = head.confu?.[spec.key];
    if (data) tensors[spec.name] = { dtype, shape: spec.shape, data };
  }
  const json = JSON.stringify(draftHeadConfigJson(head.config, torchDtypes[dtype]), null, 2);
  return {
    'config.json': new TextEncoder().encode(`${json}\n`),
    'model.safetensors': writeSafetensors(tensors, { format: 'pt' }),
  };
}
