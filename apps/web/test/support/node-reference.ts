import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, loadModel } from '@confu/node';
import type { ModelDtype } from '@confu/node';

/** What `confu generate --model <dir> --prompt <prompt> --temperature 0` prints: the generated text. */
export async function nodeGreedyText(
  modelDirectory: string,
  prompt: string,
  maxTokens: number,
): Promise<string> {
  const cacheDirectory = await mkdtemp(join(tmpdir(), 'confu-web-e2e-'));
  const model = await loadModel(modelDirectory, { cacheDirectory, numThreads: 1 });
  try {
    let text = '';
    for await (const chunk of model.generate({
      prompt: model.encode(prompt),
      maxTokens,
      temperature: 0,
      seed: 0,
    })) {
      text += chunk.text;
    }
    return text;
  } finally {
    await model.dispose();
    await rm(cacheDirectory, { recursive: true, force: true });
  }
}

/**
 * What `confu generate --model <dir> --dtype <dtype> --draft eagle3 --draft-model <head>
 * --temperature 0` prints: greedy EAGLE-3 text of `@confu/node`'s `load` with the target and the
 * head converted to `dtype` (`MatMulNBits` at onnxruntime-node's accuracy level, 4).
 */
export async function nodeEagle3Text(
  paths: { readonly model: string; readonly head: string },
  dtype: ModelDtype,
  prompt: string,
  maxTokens: number,
): Promise<string> {
  const cacheDirectory = await mkdtemp(join(tmpdir(), 'confu-web-e2e-'));
  try {
    const llm = await load(paths.model, {
      dtype,
      draft: { method: 'eagle3', from: paths.head },
      threads: 1,
      cacheDirectory,
    });
    try {
      return (await llm.generate(prompt, { maxTokens, temperature: 0, seed: 0 })).text;
    } finally {
      await llm.dispose();
    }
  } finally {
    await rm(cacheDirectory, { recursive: true, force: true });
  }
}
