// Greedy tokens/s of one model on onnxruntime-node and onnxruntime-web (wasm), interleaved in one
// process so the ratio is meaningful on a shared machine. Prints one JSON object.
// Usage: pnpm bench:runtimes [--model <dir>] [--max-tokens N] [--rounds N]
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createMemoryFileSource, loadModel as loadBrowserModel } from '@confu/browser';
import { loadModel as loadNodeModel } from '@confu/node';
import type { TextModel } from '@confu/node';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    'max-tokens': { type: 'string' },
    rounds: { type: 'string' },
  },
});
const directory = resolve(values.model ?? '../shared/models/stories260K');
const maxTokens = Number(values['max-tokens'] ?? 200);
const rounds = Number(values.rounds ?? 5);
const prompts = ['Once upon a time', 'Lily and Ben were', 'The little dog'];

async function tokensPerSecond(model: TextModel): Promise<number> {
  let tokens = 0;
  let seconds = 0;
  for (const prompt of prompts) {
    for await (const chunk of model.generate({ prompt, maxTokens, temperature: 0 })) {
      tokens += chunk.tokens.length;
      if (chunk.stats) seconds += (chunk.stats.prefillMs + chunk.stats.decodeMs) / 1000;
    }
  }
  return tokens / seconds;
}

const names = (await readdir(directory)).filter(
  (name) => name.endsWith('.bin') || name.endsWith('.json') || name.endsWith('.safetensors'),
);
const files = Object.fromEntries(
  await Promise.all(
    names.map(async (name) => [name, new Uint8Array(await readFile(join(directory, name)))]),
  ),
);
const models = {
  node: await loadNodeModel(directory, { numThreads: 1 }),
  web: await loadBrowserModel(createMemoryFileSource(files, directory), {
    devices: ['wasm'],
    numThreads: 1,
  }),
};
const samples: Record<string, number[]> = { node: [], web: [] };
for (let round = 0; round < rounds; round++) {
  for (const [name, model] of Object.entries(models))
    samples[name]?.push(await tokensPerSecond(model));
  process.stderr.write(`round ${round + 1}/${rounds}\n`);
}
const median = (list: number[]): number =>
  [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const node = median(samples.node ?? []);
const web = median(samples.web ?? []);
console.log(
  JSON.stringify(
    {
      model: directory,
      maxTokens,
      rounds,
      threads: 1,
      tokensPerSecond: { node, web },
      webOverNode: web / node,
    },
    null,
    2,
  ),
);
await Promise.all(Object.values(models).map((model) => model.dispose()));
