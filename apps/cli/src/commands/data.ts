import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel } from '@confu/node';
import {
  createDevExclusion,
  generateTrainingRecords,
  parseCorpusStories,
  parseDevPrompts,
  trainingPrompts,
} from '@confu/trainer';
import type { TrainingRecord } from '@confu/trainer';
import { readTextFile, writeRecordFile } from '@confu/trainer/node';
import { numberOption, requiredString } from '../cli-options.js';

const sharedDir = (): string => resolve(process.env['CONFU_SHARED_DIR'] ?? '../shared');

export const dataUsage = `confu data --target <path> --out <file> [options]

  --target <path>          target model directory (llama2.c or Hugging Face)
  --out <file>             record file to write (taps + full target log-probs per position)
  --stories <n>            training stories to regenerate (default 100)
  --max-new-tokens <n>     response tokens per story (default 256)
  --temperature <t>        sampling temperature of the regenerated responses; 0 = greedy (default 0.8)
  --seed <n>               sampling seed (default 0)
  --corpus <file>          TinyStories jsonl, train split used (default $CONFU_SHARED_DIR or ../shared: corpora/tinystories/stories.jsonl)
  --questions <file>       dev prompts excluded from training (default .../eval/tinystories/question.jsonl)
  --reference              keep the corpus continuation instead of regenerating it
  --top-k <k>              store the k most likely target tokens per position (default: the full
                           distribution up to 4,096 tokens, top-64 above)
  --threads <n>            ONNX Runtime intra-op threads (default 1)`;

/**
 * \`confu data\`: regenerates TinyStories responses with a frozen target and writes an EAGLE-3 /
 * ConFu training record file (thin over \`@confu/trainer\`'s data functions). Stories that leak
 * the dev prompts are skipped. Prints JSON stats on stdout.
 */
export async function runData(argv: string[], signal: AbortSignal): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string' },
      out: { type: 'string' },
      stories: { type: 'string' },
      'max-new-tokens': { type: 'string' },
      temperature: { type: 'string' },
      seed: { type: 'string' },
      corpus: { type: 'string' },
      questions: { type: 'string' },
      reference: { type: 'boolean' },
      'top-k': { type: 'string' },
      threads: { type: 'string' },
    },
    strict: true,
  });
  const target = requiredString(values, 'target');
  const out = requiredString(values, 'out');
  const stories = numberOption(values, 'stories', { integer: true, min: 1 }) ?? 100;
  const maxNewTokens = numberOption(values, 'max-new-tokens', { integer: true, min: 1 }) ?? 256;
  const temperature = numberOption(values, 'temperature', { min: 0 }) ?? 0.8;
  const seed = numberOption(values, 'seed', { integer: true, min: 0 }) ?? 0;
  const numThreads = numberOption(values, 'threads', { integer: true, min: 1 }) ?? 1;
  const corpus = values.corpus ?? resolve(sharedDir(), 'corpora/tinystories/stories.jsonl');
  const questions = values.questions ?? resolve(sharedDir(), 'eval/tinystories/question.jsonl');
  const regenerate = values.reference !== true;
  const topK = numberOption(values, 'top-k', { integer: true, min: 1 });

  await mkdir(dirname(resolve(out)), { recursive: true });
  const started = performance.now();
  const model = await loadModel(target, { numThreads });
  try {
    const devPrompts = await parseDevPrompts(readTextFile(questions), questions);
    async function* storyTexts(): AsyncGenerator<string> {
      for await (const story of parseCorpusStories(readTextFile(corpus), {
        split: 'train',
        label: corpus,
      })) {
        yield story.text;
      }
    }
    let skipped = 0;
    const prompts = trainingPrompts(storyTexts(), {
      exclude: createDevExclusion(devPrompts),
      countTokens: (text) => model.encode(text).length,
      limit: stories,
      onSkip: () => {
        skipped++;
      },
    });
    const totals = { tokens: 0, responseTokens: 0 };
    async function* counted(
      records: AsyncIterable<TrainingRecord>,
    ): AsyncGenerator<TrainingRecord> {
      for await (const record of records) {
        signal.throwIfAborted();
        totals.tokens += record.tokens.length;
        totals.responseTokens += record.tokens.length - record.promptLength;
        process.stderr.write(`\rconfu data: ${record.index + 1} records, ${totals.tokens} tokens`);
        yield record;
      }
    }
    const written = await writeRecordFile(
      out,
      counted(
        generateTrainingRecords({
          model,
          prompts,
          maxNewTokens,
          temperature,
          seed,
          regenerate,
          ...(topK === undefined ? {} : { distribution: { topK } }),
        }),
      ),
      {
        metadata: {
          target: resolve(target),
          temperature: String(temperature),
          seed: String(seed),
          regenerate: String(regenerate),
          max_new_tokens: String(maxNewTokens),
        },
      },
    );
    process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({
        out: resolve(out),
        records: written.records,
        bytes: written.bytes,
        tokens: totals.tokens,
        responseTokens: totals.responseTokens,
        skippedStories: skipped,
        seconds: Number(seconds.toFixed(1)),
        tokensPerSecond: Math.round(totals.tokens / seconds),
      })}\n`,
    );
  } finally {
    await model.dispose();
  }
}
