import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@confu/node';

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
