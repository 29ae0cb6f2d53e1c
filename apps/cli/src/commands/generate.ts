import { parseArgs } from 'node:util';
import type { GenerationStats } from '@confu/node';
import { modelArgs, numberOption, readModelArgs } from '../cli-options.js';
import { openTarget } from '../open-target.js';
import { draftArgs, draftUsage, readDrafterSpec, roundTree } from '../draft-options.js';

export const generateUsage = `confu generate --model <path> --prompt <text> [options]

  --model <path>        llama2.c directory (checkpoint + tokenizer.bin/tok512.bin) or Hugging Face directory
  --prompt <text>       prompt text
  --max-tokens <n>      new tokens to generate (default 256)
  --temperature <t>     0 = greedy (default 1)
  --top-p <p>           nucleus sampling (default 1 = off)
  --top-k <k>           top-k sampling (default 0 = off)
  --seed <n>            random seed (default 0)
  --threads <n>         ONNX Runtime intra-op threads
  --json                print one JSON object on stdout instead of streaming text
${draftUsage}`;

/** `confu generate`: one generation, streamed to stdout or printed as JSON. */
export async function runGenerate(argv: string[], signal: AbortSignal): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...modelArgs,
      prompt: { type: 'string' },
      'top-p': { type: 'string' },
      'top-k': { type: 'string' },
      ...draftArgs,
    },
    strict: true,
  });
  const { modelPath, maxTokens, temperature, seed, numThreads } = readModelArgs(values, {
    maxTokens: 256,
    temperature: 1,
  });
  const prompt = typeof values.prompt === 'string' ? values.prompt : '';
  const topP = numberOption(values, 'top-p', { min: Number.MIN_VALUE, max: 1 });
  const topK = numberOption(values, 'top-k', { integer: true, min: 0 });

  const drafterSpec = readDrafterSpec(values, seed);
  const { model, drafter } = await openTarget(modelPath, drafterSpec, numThreads);
  try {
    const promptTokens = model.encode(prompt);
    const tokens: number[] = [];
    let text = '';
    let stats: GenerationStats | undefined;
    let finishReason: string | undefined;
    for await (const chunk of model.generate({
      prompt: promptTokens,
      maxTokens,
      temperature,
      seed,
      signal,
      ...(drafter ? { drafter, tree: roundTree(values, drafterSpec) } : {}),
      ...(topP === undefined ? {} : { topP }),
      ...(topK === undefined ? {} : { topK }),
    })) {
      tokens.push(...chunk.tokens);
      text += chunk.text;
      if (!values.json && chunk.text) process.stdout.write(chunk.text);
      stats = chunk.stats ?? stats;
      finishReason = chunk.finishReason ?? finishReason;
    }
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ promptTokens, tokens, text, finishReason, stats })}\n`,
      );
    } else {
      process.stdout.write('\n');
      if (stats)
        process.stderr.write(
          `[${stats.generatedTokens} tokens, ${stats.tokensPerSecond.toFixed(1)} tokens/s]\n`,
        );
    }
  } finally {
    await drafter?.dispose();
    await model.dispose();
  }
}
