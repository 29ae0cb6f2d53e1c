/**
 * Generates EAGLE-3 / ConFu training records from TinyStories with a frozen target:
 *
 *   node --conditions=@confu/source --import tsx packages/trainer/bench/generate-data.ts \
 *     --target ../shared/models/stories260K --out /tmp/stories.rec --stories 100
 *
 * Streams the train split of `corpora/tinystories/stories.jsonl`, drops stories that leak the dev
 * prompts of `eval/tinystories/question.jsonl`, regenerates each response with the target, writes
 * the record file and prints JSON stats. `--vocab-out` also writes `d2t` / `t2d` (safetensors).
 */
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSafetensors } from '@confu/checkpoint';
import { loadModel } from '@confu/node';
import {
  TokenCounter,
  createDevExclusion,
  generateTrainingRecords,
  parseCorpusStories,
  parseDevPrompts,
  selectDraftVocabulary,
  trainingPrompts,
} from '@confu/trainer';
import type { TrainingRecord } from '@confu/trainer';
import { readTextFile, writeRecordFile } from '@confu/trainer/node';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = resolve(process.env['CONFU_SHARED_DIR'] ?? resolve(repositoryRoot, '../shared'));

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: resolve(shared, 'models/stories260K') },
    out: { type: 'string' },
    stories: { type: 'string', default: '100' },
    corpus: { type: 'string', default: resolve(shared, 'corpora/tinystories/stories.jsonl') },
    questions: { type: 'string', default: resolve(shared, 'eval/tinystories/question.jsonl') },
    'max-new-tokens': { type: 'string', default: '256' },
    temperature: { type: 'string', default: '0.8' },
    seed: { type: 'string', default: '0' },
    'draft-vocab': { type: 'string', default: '256' },
    'min-prompt-tokens': { type: 'string', default: '4' },
    'max-prompt-tokens': { type: 'string', default: '64' },
    reference: { type: 'boolean', default: false },
    threads: { type: 'string', default: '1' },
    'vocab-out': { type: 'string' },
  },
});
if (values.out === undefined) throw new Error('--out <file> is required');

const started = performance.now();
const model = await loadModel(values.target, { numThreads: Number(values.threads) });
const loadMs = performance.now() - started;
const devPrompts = await parseDevPrompts(readTextFile(values.questions), values.questions);
const skipped = { dev: 0, split: 0 };

async function* storyTexts(): AsyncGenerator<string> {
  for await (const story of parseCorpusStories(readTextFile(values.corpus), {
    split: 'train',
    label: values.corpus,
  })) {
    yield story.text;
  }
}

const prompts = trainingPrompts(storyTexts(), {
  exclude: createDevExclusion(devPrompts),
  countTokens: (text) => model.encode(text).length,
  promptTokens: {
    min: Number(values['min-prompt-tokens']),
    max: Number(values['max-prompt-tokens']),
  },
  limit: Number(values.stories),
  onSkip: ({ reason }) => {
    if (reason.startsWith('no sentence')) skipped.split++;
    else skipped.dev++;
  },
});

const counter = new TokenCounter(model.lm.info.vocabSize);
const totals = { tokens: 0, promptTokens: 0, responseTokens: 0, stopped: 0 };
async function* counted(records: AsyncIterable<TrainingRecord>): AsyncGenerator<TrainingRecord> {
  for await (const record of records) {
    counter.addRecord(record);
    totals.tokens += record.tokens.length;
    totals.promptTokens += record.promptLength;
    totals.responseTokens += record.tokens.length - record.promptLength;
    if (record.finishReason === 'stop') totals.stopped++;
    yield record;
  }
}

const temperature = Number(values.temperature);
const generationStarted = performance.now();
const written = await writeRecordFile(
  values.out,
  counted(
    generateTrainingRecords({
      model,
      prompts,
      maxNewTokens: Number(values['max-new-tokens']),
      temperature,
      seed: Number(values.seed),
      regenerate: !values.reference,
    }),
  ),
  {
    metadata: {
      target: values.target,
      temperature: String(temperature),
      seed: values.seed,
      regenerate: String(!values.reference),
      max_new_tokens: values['max-new-tokens'],
    },
  },
);
const seconds = (performance.now() - generationStarted) / 1000;
await model.dispose();

const draftVocabSize = Math.min(Number(values['draft-vocab']), model.lm.info.vocabSize);
const vocabulary = selectDraftVocabulary(counter.counts, draftVocabSize);
if (values['vocab-out'] !== undefined) {
  await writeFile(
    values['vocab-out'],
    writeSafetensors({
      d2t: { dtype: 'I64', shape: [draftVocabSize], data: vocabulary.d2t },
      t2d: { dtype: 'BOOL', shape: [vocabulary.t2d.length], data: vocabulary.t2d },
    }),
  );
}
const seen = counter.counts.reduce((count, value) => count + (value > 0 ? 1 : 0), 0);

console.log(
  JSON.stringify(
    {
      out: resolve(values.out),
      records: written.records,
      bytes: written.bytes,
      tokens: totals.tokens,
      promptTokens: totals.promptTokens,
      responseTokens: totals.responseTokens,
      stoppedAtEos: totals.stopped,
      skippedStories: skipped,
      seconds: round(seconds),
      loadSeconds: round(loadMs / 1000),
      tokensPerSecond: round(totals.tokens / seconds),
      responseTokensPerSecond: round(totals.responseTokens / seconds),
      draftVocabulary: {
        size: draftVocabSize,
        targetVocabSize: model.lm.info.vocabSize,
        distinctResponseTokens: seen,
        coverage: round(vocabulary.coverage, 4),
      },
    },
    null,
    2,
  ),
);

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}
