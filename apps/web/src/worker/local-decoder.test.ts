import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelDtype } from '@confu/browser';
import { ConfuError } from '@confu/errors';
import { describe, expect, it } from 'vitest';
import { readDefaultModel } from '../../vite/repository-models-plugin.js';
import { repositoryModelsDirectory } from '../../vite/web-config.js';
import type { Decoder } from '../decoder.js';
import type { GenerateRequest, LoadRequest } from '../decoder-protocol.js';
import { createLocalDecoder } from './local-decoder.js';

const defaultModel = readDefaultModel(repositoryModelsDirectory);
const headFolder = defaultModel.heads.eagle3;
const hasModel = existsSync(defaultModel.path) && headFolder !== undefined;
if (!hasModel) console.warn('[confu tests] local decoder dtype tests skipped: no default model');

/** A folder's top-level files as picked `File`s (README.md left out). */
function pickedFiles(folder: string): File[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'README.md')
    .map((entry) => new File([readFileSync(join(folder, entry.name))], entry.name));
}

const model = (): LoadRequest['model'] => ({
  kind: 'files',
  files: pickedFiles(defaultModel.path),
  label: 'default model',
});

async function greedyText(decoder: Decoder, drafter: GenerateRequest['drafter']): Promise<string> {
  let text = '';
  for await (const chunk of decoder.generate({
    prompt: 'Once upon a time',
    maxTokens: 48,
    temperature: 0,
    drafter,
  })) {
    text += chunk.text;
  }
  return text;
}

describe.skipIf(!hasModel)('createLocalDecoder: dtype (onnxruntime-web, wasm under Node)', () => {
  it('loads the model as q4, its picked head too, and EAGLE-3 prints the plain q4 text', async () => {
    const decoder = createLocalDecoder();
    const texts: Partial<Record<ModelDtype, { plain: string; eagle3?: string }>> = {};
    try {
      for (const dtype of ['fp32', 'q4'] as const) {
        const info = await decoder.load({ model: model(), dtype, devices: ['wasm'] });
        expect(info.dtype).toBe(dtype);
        texts[dtype] = { plain: await greedyText(decoder, { kind: 'none', tree: 'auto' }) };
      }
      const head = { from: 'files', files: pickedFiles(headFolder ?? '') } as const;
      const q4 = texts.q4;
      if (q4) q4.eagle3 = await greedyText(decoder, { kind: 'eagle3', tree: 'auto', head });
    } finally {
      await decoder.dispose();
    }

    expect(texts.q4?.eagle3).toBe(texts.q4?.plain);
    // stories260K's 4-bit weights change its greedy text: the dtype reached the conversion.
    expect(texts.q4?.plain).not.toBe(texts.fp32?.plain);
  });

  it("fails a dtype the library does not know with load()'s error and code", async () => {
    const decoder = createLocalDecoder();

    const failure = await decoder
      .load({ model: model(), dtype: 'q2' as ModelDtype, devices: ['wasm'] })
      .catch((error: unknown) => error);

    expect(ConfuError.isInstance(failure) && failure.toJSON()).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: '`dtype` must be one of fp32, fp16, q8, q4, got "q2"',
    });
  });
});
