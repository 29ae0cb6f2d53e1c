// Quality of quantised weights (issue "Quantized weights"): for each model and dtype, perplexity on
// the 50 held-out TinyStories dev stories, greedy agreement with fp32 on the 50 dev prompts, and
// the tau of a trained head with a quantised target and with a quantised head.
// Usage: pnpm bench:quality [--tokens 128] [--threads 2] [--head <dir>] [--out docs/data/quantization.json] <model dir> ...
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelDtype, TextModel } from '@confu/core';
import { loadDrafter, loadModel } from '@confu/node';
import { bitsPerByte } from '@confu/trainer';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shared: { type: 'string', default: join(import.meta.dirname, '../../../../shared') },
    tokens: { type: 'string', default: '128' },
    threads: { type: 'string', default: '2' },
    prompts: { type: 'string', default: '50' },
    head: { type: 'string', multiple: true },
    out: { type: 'string' },
    'accuracy-level': { type: 'string' },
  },
});
const accuracyLevel =
  values['accuracy-level'] === undefined ? {} : { accuracyLevel: Number(values['accuracy-level']) };
const maxTokens = Number(values.tokens);
const threads = Number(values.threads);
const dtypes: readonly ModelDtype[] = ['fp32', 'q8', 'q4'];
const jsonl = (path: string): Record<string, unknown>[] =>
  readFileSync(join(values.shared, path), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const stories = jsonl('corpora/tinystories/stories.jsonl')
  .filter((story) => story['split'] === 'dev')
  .map((story) => story['text'] as string);
const prompts = jsonl('eval/tinystories/question.jsonl')
  .slice(0, Number(values.prompts))
  .map((question) => (question['turns'] as string[])[0] as string);

async function greedy(model: TextModel): Promise<number[][]> {
  const outputs: number[][] = [];
  for (const prompt of prompts) {
    const tokens: number[] = [];
    for await (const chunk of model.generate({ prompt, maxTokens, temperature: 0 }))
      tokens.push(...chunk.tokens);
    outputs.push(tokens);
  }
  return outputs;
}

/**
 * Teacher-forced top-1 agreement: on each prompt followed by fp32's greedy continuation, the share
 * of continuation positions where `model`'s argmax is fp32's next token.
 */
async function forcedAgreement(model: TextModel, continuations: number[][]): Promise<number> {
  let same = 0;
  let total = 0;
  for (const [index, prompt] of prompts.entries()) {
    const promptTokens = model.encode(prompt);
    const continuation = continuations[index] ?? [];
    if (continuation.length === 0) continue;
    const tokens = [...promptTokens, ...continuation.slice(0, -1)];
    const result = await model.lm.forward(model.lm.createCache(), { tokens, outputs: 'argmax' });
    const picks = result.argmax as Int32Array;
    continuation.forEach((token, position) => {
      if (picks[promptTokens.length - 1 + position] === token) same++;
      total++;
    });
  }
  return total > 0 ? same / total : 1;
}

/** Mean tau of `head` at T = 0 (16-node trees as the head READMEs report). */
async function tau(model: TextModel, directory: string, head: string, dtype: ModelDtype) {
  const drafter = await loadDrafter(
    model,
    directory,
    { kind: 'eagle3', tree: { depth: 5, topK: 4, totalTokens: 16 }, modelPath: head },
    { numThreads: threads, dtype },
  );
  let rounds = 0;
  let accepted = 0;
  for (const prompt of prompts) {
    for await (const chunk of model.generate({ prompt, maxTokens, temperature: 0, drafter })) {
      const stats = chunk.stats?.speculative;
      if (stats) {
        rounds += stats.rounds;
        accepted += stats.accepted;
      }
    }
  }
  await drafter?.dispose();
  return rounds > 0 ? (accepted + rounds) / rounds : 1;
}

const results: Record<string, unknown>[] = [];
const lines = [
  '| model | dtype | perplexity | Δ ppl vs fp32 | top-1 agreement (teacher-forced) | free-running agreement | common prefix | tau fp32 head | tau head same dtype |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const directory of positionals) {
  let reference: { ppl: number; tokens: number[][] } | undefined;
  for (const dtype of dtypes) {
    const model = await loadModel(directory, { numThreads: threads, dtype, ...accuracyLevel });
    try {
      const started = performance.now();
      const { natsPerToken } = await bitsPerByte(model, stories);
      const ppl = Math.exp(natsPerToken);
      const tokens = await greedy(model);
      reference ??= { ppl, tokens };
      let same = 0;
      let prefix = 0;
      let total = 0;
      tokens.forEach((output, index) => {
        const base = reference?.tokens[index] ?? [];
        total += base.length;
        let diverged = false;
        base.forEach((token, position) => {
          if (output[position] === token) same++;
          if (!diverged && output[position] === token) prefix++;
          else diverged = true;
        });
      });
      const forced = await forcedAgreement(model, reference.tokens);
      const head = values.head?.[positionals.indexOf(directory)];
      const tauFp32Head = head ? await tau(model, directory, head, 'fp32') : undefined;
      const tauSameHead =
        head && dtype !== 'fp32' ? await tau(model, directory, head, dtype) : tauFp32Head;
      const row = {
        model: directory,
        dtype,
        perplexity: ppl,
        pplChange: ppl / reference.ppl - 1,
        forcedAgreement: forced,
        agreement: same / total,
        commonPrefix: prefix / total,
        tauFp32Head,
        tauSameHead,
        seconds: (performance.now() - started) / 1000,
      };
      results.push(row);
      console.error(JSON.stringify(row));
      const fixed = (value: number | undefined, digits: number): string =>
        value === undefined ? '—' : value.toFixed(digits);
      lines.push(
        `| ${directory} | ${dtype} | ${ppl.toFixed(3)} | ${(100 * row.pplChange).toFixed(2)} % | ${(100 * forced).toFixed(1)} % | ${(100 * row.agreement).toFixed(1)} % | ${(100 * row.commonPrefix).toFixed(1)} % | ${fixed(tauFp32Head, 3)} | ${fixed(tauSameHead, 3)} |`,
      );
    } finally {
      await model.dispose();
    }
  }
}
console.log(
  `${stories.length} dev stories (perplexity), ${prompts.length} dev prompts × ${maxTokens} tokens (agreement, tau)\n${lines.join('\n')}`,
);
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    `${JSON.stringify({ maxTokens, prompts: prompts.length, results }, null, 2)}\n`,
  );
}
