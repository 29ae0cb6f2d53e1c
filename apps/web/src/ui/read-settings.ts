import type { ModelDtype } from '@confu/browser';
import type {
  DrafterRequest,
  GenerateRequest,
  HeadRequest,
  LoadRequest,
} from '../decoder-protocol.js';
import type { AppElements } from './elements.js';
import { topLevelFiles } from './picked-files.js';

const drafterKinds: readonly DrafterRequest['kind'][] = ['none', 'ngram', 'eagle3', 'confu'];
const dtypes: readonly ModelDtype[] = ['fp32', 'fp16', 'q8', 'q4'];

/** Reads a whole number from an `<input type="number">`, within its bounds. */
export function readInteger(
  input: HTMLInputElement,
  label: string,
  min: number,
  max: number,
): number {
  const value = Number(input.value);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${label} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** The head of the form: the model's own, the picked folder, or `random:<seed>` (tests). */
function readHead(elements: AppElements, seed: number): HeadRequest {
  switch (elements.headSource.value) {
    case 'files': {
      const files = topLevelFiles(elements.draftHead.files ?? []);
      if (files.length === 0)
        throw new RangeError('Pick a head folder (Draft tree and head folder)');
      return { from: 'files', files };
    }
    case 'random':
      return { from: 'random', seed };
    default:
      return { from: 'own' };
  }
}

/** The generation settings of the form. */
export function readGenerateRequest(elements: AppElements): GenerateRequest {
  const temperature = Number(elements.temperature.value);
  if (!Number.isFinite(temperature) || temperature < 0) {
    throw new RangeError('Temperature must be a number ≥ 0');
  }
  const kind = drafterKinds.find((candidate) => candidate === elements.drafter.value) ?? 'none';
  const seed = readInteger(elements.seed, 'Seed', 0, Number.MAX_SAFE_INTEGER);
  const tree: DrafterRequest['tree'] =
    elements.treeMode.value === 'fixed'
      ? {
          depth: readInteger(elements.treeDepth, 'Depth', 1, 64),
          topK: readInteger(elements.treeTopK, 'Top-k', 1, 64),
          totalTokens: readInteger(elements.treeTokens, 'Tree tokens', 2, 1024),
        }
      : 'auto';
  return {
    prompt: elements.prompt.value,
    maxTokens: readInteger(elements.maxTokens, 'Max tokens', 1, 4096),
    temperature,
    seed,
    drafter: {
      kind,
      tree,
      ...(kind === 'eagle3' || kind === 'confu' ? { head: readHead(elements, seed) } : {}),
    },
  };
}

/** The devices of the device select (`undefined`: WebGPU, then wasm). */
export function readDevices(elements: AppElements): LoadRequest['devices'] {
  const value = elements.device.value;
  return value === 'wasm' || value === 'webgpu' ? [value] : undefined;
}

/** The dtype of the weights select (`fp32` unless it names another). */
export function readDtype(elements: AppElements): ModelDtype {
  return dtypes.find((dtype) => dtype === elements.dtype.value) ?? 'fp32';
}
