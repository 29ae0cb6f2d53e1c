import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '@confu/node';
import type { TextModel } from '@confu/node';
import { generateTrainingRecords } from './generate-training-records.js';
import type { GenerateTrainingRecordsOptions } from './generate-training-records.js';
import type { TrainingRecord } from './training-record.js';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';

const dogPrompt = {
  prompt: 'Once upon a time, there was a little dog.',
  reference: 'He liked to run. He ran to the park.',
};
const ballPrompt = { prompt: 'Lily saw a big red ball.', reference: 'She wanted to play with it.' };
const prompts = [dogPrompt, ballPrompt];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The single item of `items`. */
function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

/** What `TextModel.generate` returns for prompt ids (T = 0 unless given). */
async function generated(
  model: TextModel,
  prompt: readonly number[],
  options: { maxTokens: number; temperature?: number; seed?: number },
): Promise<number[]> {
  const tokens: number[] = [];
  for await (const chunk of model.generate({ prompt, temperature: 0, ...options })) {
    tokens.push(...chunk.tokens);
  }
  return tokens;
}

describe.skipIf(!hasStories260k('generateTrainingRecords on stories260K'))(
  'generateTrainingRecords on stories260K',
  () => {
    let model: TextModel;
    const run = (
      options: Partial<GenerateTrainingRecordsOptions> = {},
    ): Promise<TrainingRecord[]> =>
      collect(
        generateTrainingRecords({ model, prompts, maxNewTokens: 24, temperature: 0, ...options }),
      );

    beforeAll(async () => {
      model = await loadModel(stories260kDirectory, {
        cacheDirectory: await mkdtemp(join(tmpdir(), 'confu-cache-')),
        numThreads: 1,
      });
    });
    afterAll(() => model?.dispose());

    it('stores taps and log-probs equal to one direct forward with taps over the same tokens', async () => {
      const records = await run();
      const { vocabSize, hiddenSize, numTaps } = model.lm.info;
      expect(records.map((record) => record.index)).toEqual([0, 1]);
      for (const record of records) {
        const n = record.tokens.length;
        expect(record.tapWidth).toBe(numTaps * hiddenSize);
        const direct = await model.lm.forward(model.lm.createCache(), {
          tokens: [...record.tokens],
          taps: true,
        });
        expect(record.taps).toEqual(direct.hiddenTaps);
        expect(record.target.kind).toBe('full');
        if (record.target.kind !== 'full') continue;
        expect(record.target.logProbs).toHaveLength(n * vocabSize);
        for (const row of [0, record.promptLength, n - 1]) {
          const logits = direct.logits.subarray(row * vocabSize, (row + 1) * vocabSize);
          const logProbs = record.target.logProbs.subarray(row * vocabSize, (row + 1) * vocabSize);
          const max = Math.max(...logits);
          const logSum =
            max + Math.log(logits.reduce((sum, value) => sum + Math.exp(value - max), 0));
          for (let id = 0; id < vocabSize; id += 37) {
            expect(logProbs[id]).toBeCloseTo((logits[id] as number) - logSum, 4);
          }
        }
      }
    });

    it('regenerates the response exactly as TextModel.generate does at T = 0', async () => {
      const records = await run();
      for (const [index, record] of records.entries()) {
        const promptIds = model.encode((prompts[index] as typeof dogPrompt).prompt);
        expect([...record.tokens.subarray(0, record.promptLength)]).toEqual(promptIds);
        const response = [...record.tokens.subarray(record.promptLength)];
        if (record.finishReason === 'stop') {
          expect(response.pop()).toBe(model.tokenizer.eosTokenIds[0]);
        }
        expect(response).toEqual(await generated(model, promptIds, { maxTokens: 24 }));
      }
    });

    it('samples deterministically per seed (prompt i uses seed + i) at T > 0', async () => {
      const tokensOf = (records: TrainingRecord[]): number[][] =>
        records.map((record) => [...record.tokens]);
      const first = await run({ temperature: 0.9, seed: 7 });
      const again = await run({ temperature: 0.9, seed: 7 });
      const other = await run({ temperature: 0.9, seed: 8 });
      expect(tokensOf(again)).toEqual(tokensOf(first));
      expect(tokensOf(other)).not.toEqual(tokensOf(first));
      // Prompt 1 with base seed 7 is sampled with seed 8, as TextModel.generate does.
      const promptIds = model.encode(ballPrompt.prompt);
      const sampled = await generated(model, promptIds, {
        maxTokens: 24,
        temperature: 0.9,
        seed: 8,
      });
      const record = first[1] as TrainingRecord;
      expect([...record.tokens.subarray(promptIds.length)].slice(0, sampled.length)).toEqual(
        sampled,
      );
    });

    it('ends a stopped response with the end token the target sampled', async () => {
      // With seed 27 at T = 0.9 stories260K ends this story after 154 tokens.
      const record = only(
        await collect(
          generateTrainingRecords({
            model,
            prompts: [{ index: 27, prompt: ballPrompt.prompt }],
            maxNewTokens: 200,
            temperature: 0.9,
          }),
        ),
      );
      const promptIds = model.encode(ballPrompt.prompt);
      const sampled = await generated(model, promptIds, {
        maxTokens: 200,
        temperature: 0.9,
        seed: 27,
      });
      expect(record.index).toBe(27);
      expect(record.finishReason).toBe('stop');
      expect([...record.tokens]).toEqual([
        ...promptIds,
        ...sampled,
        model.tokenizer.eosTokenIds[0],
      ]);
      expect(record.taps).toHaveLength(record.tokens.length * record.tapWidth);
    });

    it('uses the corpus reference when regenerate is false, and top-k rows on request', async () => {
      const record = only(
        await collect(
          generateTrainingRecords({
            model,
            prompts: [dogPrompt],
            maxNewTokens: 6,
            regenerate: false,
            distribution: { topK: 8 },
          }),
        ),
      );
      const full = model.encode(`${dogPrompt.prompt} ${dogPrompt.reference}`);
      expect(record.finishReason).toBe('reference');
      expect(record.promptLength).toBe(model.encode(dogPrompt.prompt).length);
      expect([...record.tokens]).toEqual(full.slice(0, record.promptLength + 6));
      expect(record.target.kind).toBe('top-k');
      if (record.target.kind === 'top-k') {
        expect(record.target.ids).toHaveLength(record.tokens.length * 8);
      }
    });

    it('rejects bad options', async () => {
      await expect(run({ maxNewTokens: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(run({ temperature: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(
        collect(
          generateTrainingRecords({
            model,
            prompts: [{ prompt: 'Hi.' }],
            maxNewTokens: 4,
            regenerate: false,
          }),
        ),
      ).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('reference'),
      });
    });
  },
);
