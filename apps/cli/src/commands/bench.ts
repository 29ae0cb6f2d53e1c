import { parseArgs } from 'node:util';
import type { Drafter, GenerationStats, TextModel } from '@confu/node';
import type { Profiler, TreeOptions } from '@confu/core';
import {
  modelArgs,
  modelUsage,
  numberOption,
  readModelArgs,
  requiredString,
} from '../cli-options.js';
import { openLlm } from '../open-llm.js';
import { draftArgs, draftUsage, roundTree } from '../draft-options.js';
import { readPromptSet } from '../prompt-set.js';
import { createProgressBar } from '@confu/trainer';
import { summarize } from '../bench-summary.js';
import { formatBenchTable } from '../bench-table.js';
import { formatProfile, measureFloatCopy, roundProfile } from '../bench-profile.js';
import { createSpanProfiler } from '@confu/engine';
import type { BenchSample } from '../bench-summary.js';

export const benchUsage = `confu bench [--model <path|hub id>] --prompts <jsonl> [options]

${modelUsage}
  --prompts <jsonl>     Spec-Bench style prompt set (first turn of each question)
  --limit <n>           first n prompts only
  --max-tokens <n>      new tokens per prompt (default 128)
  --temperature <t>     default 0
  --seed <n>            default 0
  --threads <n>         ONNX Runtime intra-op threads
  --json                print one JSON object on stdout (default: a table)
  --profile             also print where a round's time goes (target pass by width, head steps,
                        acceptance, KV commit, host code) and plain decoding's per-token split
  --spin on|off         let ONNX Runtime's idle threads spin between runs (default: off)
${draftUsage}

Runs every prompt with plain decoding and with the drafter in the same process, alternating which
goes first, and reports tau, tokens/s and the speed-up per category and overall.`;

/** `confu bench`: speculative vs plain decoding over a prompt set. */
export async function runBench(argv: string[], signal: AbortSignal): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...modelArgs,
      prompts: { type: 'string' },
      limit: { type: 'string' },
      profile: { type: 'boolean' },
      spin: { type: 'string' },
      ...draftArgs,
    },
    strict: true,
  });
  const { maxTokens, temperature, seed } = readModelArgs(values, {
    maxTokens: 128,
    temperature: 0,
  });
  const prompts = await readPromptSet(
    requiredString(values, 'prompts'),
    numberOption(values, 'limit', { integer: true, min: 1 }),
  );
  const tree = roundTree(values);

  const profiler = values.profile ? createSpanProfiler() : undefined;
  const spin = values.spin === undefined ? undefined : values.spin === 'on';
  const {
    llm,
    model: modelPath,
    draft: drafterSpec,
  } = await openLlm(values, {
    signal,
    ...(spin === undefined ? {} : { allowSpinning: spin }),
    ...(profiler ? { profiler } : {}),
  });
  const { model, drafter } = llm;
  const progress = createProgressBar({
    totalSteps: prompts.length,
    stream: process.stderr,
    lines: !process.stderr.isTTY,
  });
  const samples: BenchSample[] = [];
  try {
    for (const [index, prompt] of prompts.entries()) {
      const run = (withDrafter?: Drafter): Promise<GenerationStats> =>
        generateOnce(model, {
          prompt: prompt.text,
          maxTokens,
          temperature,
          seed,
          signal,
          drafter: withDrafter,
          tree,
          profiler,
        });
      // Alternate the order so that warm-up and machine noise do not favour one mode.
      const [baseline, speculative] =
        index % 2 === 0
          ? [await run(), await run(drafter)]
          : await run(drafter).then(async (first) => [await run(), first] as const);
      samples.push({ category: prompt.category, baseline, speculative });
      progress.update(index + 1, `tau ${speculative.acceptanceLength.toFixed(2)}`);
    }
  } finally {
    progress.finish();
    await llm.dispose();
  }
  const profile = profiler
    ? roundProfile(profiler.spans, model.lm.info.vocabSize, measureFloatCopy)
    : undefined;
  const report = {
    ...summarize(samples),
    ...(profile ? { profile } : {}),
    config: {
      model: modelPath,
      draft: drafterSpec,
      tree,
      maxTokens,
      temperature,
      seed,
      prompts: prompts.length,
    },
  };
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${formatBenchTable(report)}\n`);
  if (profile && !values.json) process.stdout.write(`${formatProfile(profile)}\n`);
}

async function generateOnce(
  model: TextModel,
  options: {
    prompt: string;
    maxTokens: number;
    temperature: number;
    seed: number;
    signal: AbortSignal;
    drafter: Drafter | undefined;
    tree: TreeOptions | 'auto';
    profiler: Profiler | undefined;
  },
): Promise<GenerationStats> {
  const { drafter, profiler, tree, ...rest } = options;
  let stats: GenerationStats | undefined;
  for await (const chunk of model.generate({
    ...rest,
    ...(drafter ? { drafter, tree } : {}),
    ...(profiler ? { profiler } : {}),
  })) {
    stats = chunk.stats ?? stats;
  }
  if (!stats) throw new Error('generation ended without stats');
  return stats;
}
