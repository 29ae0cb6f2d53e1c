// Held-out bits per byte of models on the 50 TinyStories dev stories (never trained on), so models
// with different tokenizers compare: Σ −ln p over each story's tokens after BOS ÷ its UTF-8 bytes ÷
// ln 2 (see bitsPerByte in @confu/trainer). Prints a markdown table.
// Usage: pnpm bench:bpb [--split dev] [--threads 1] <model dir> ...
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel } from '@confu/node';
import { bitsPerByte } from '@confu/trainer';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shared: { type: 'string', default: join(import.meta.dirname, '../../../../shared') },
    split: { type: 'string', default: 'dev' },
    threads: { type: 'string', default: '1' },
  },
});
const stories = readFileSync(join(values.shared, 'corpora/tinystories/stories.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { split: string; text: string })
  .filter((story) => story.split === values.split)
  .map((story) => story.text);

const lines = [
  `| model | bits/byte | nats/token | tokens | bytes/token |`,
  `| --- | ---: | ---: | ---: | ---: |`,
];
for (const directory of positionals) {
  const model = await loadModel(directory, { numThreads: Number(values.threads) });
  try {
    const started = performance.now();
    const result = await bitsPerByte(model, stories);
    console.error(`${directory}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    lines.push(
      `| ${directory} | ${result.bitsPerByte.toFixed(4)} | ${result.natsPerToken.toFixed(4)} | ${result.tokens} | ${(result.bytes / result.tokens).toFixed(3)} |`,
    );
  } finally {
    await model.dispose();
  }
}
console.log(`${stories.length} ${values.split} stories\n${lines.join('\n')}`);
