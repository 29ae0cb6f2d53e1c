import { Command } from 'commander';
import type { Llm, LlmResult, LlmStats } from '@confu/node';
import { numberOption, readModelArgs } from '../cli-options.js';
import { addDraftOptions, addModelOptions, flagValues } from '../command-options.js';
import { roundTree } from '../draft-options.js';
import { openLlm } from '../open-llm.js';

/** `confu generate`: one generation, streamed to stdout or printed as JSON. */
export function generateCommand(signal: AbortSignal): Command {
  const command = new Command('generate')
    .summary('generate text from a model')
    .description(
      'Generate text from a model, streamed to stdout (one JSON object with --json). With --draft, speculative decoding prints token for token what plain decoding prints at --temperature 0.',
    )
    .requiredOption('--prompt <text>', 'prompt text');
  addModelOptions(command);
  command
    .option('--max-tokens <n>', 'new tokens at most, an integer ≥ 1 (default 256)')
    .option('--temperature <t>', '0 = greedy, a number ≥ 0 (default 1)')
    .option('--top-p <p>', 'nucleus sampling, a number in (0, 1] (default 1 = off)')
    .option('--top-k <k>', 'top-k sampling, an integer ≥ 0 (default 0 = off)')
    .option('--min-p <p>', 'min-p sampling, a number in [0, 1] (default 0 = off)')
    .option('--repetition-penalty <r>', 'a number > 0 (default 1 = off)')
    .option('--stop <text...>', 'stop strings: the text ends before the first one')
    .option('--seed <n>', 'random seed, an integer ≥ 0 (default 0)')
    .option('--compare', 'also run plain decoding first on the same prompt and report the speed-up')
    .option('--json', 'print one JSON object on stdout instead of streaming text');
  addDraftOptions(command);
  return command.action((options: Record<string, unknown>) =>
    runGenerate(flagValues(options), signal),
  );
}

async function runGenerate(
  values: Record<string, string | boolean | string[] | undefined>,
  signal: AbortSignal,
): Promise<void> {
  const { maxTokens, temperature, seed } = readModelArgs(values, {
    maxTokens: 256,
    temperature: 1,
  });
  const sampling = {
    maxTokens,
    temperature,
    seed,
    signal,
    ...optional('topP', numberOption(values, 'top-p', { min: 0, exclusiveMin: true, max: 1 })),
    ...optional('topK', numberOption(values, 'top-k', { integer: true, min: 0 })),
    ...optional('minP', numberOption(values, 'min-p', { min: 0, max: 1 })),
    ...optional(
      'repetitionPenalty',
      numberOption(values, 'repetition-penalty', { min: 0, exclusiveMin: true }),
    ),
    ...(Array.isArray(values.stop) ? { stop: values.stop } : {}),
  };
  const prompt = typeof values.prompt === 'string' ? values.prompt : '';
  const { llm } = await openLlm(values, { signal });
  try {
    if (values.compare === true && llm.method !== 'none') {
      await llm.generate(prompt, { ...sampling, method: 'none' });
    }
    const result = values.json
      ? await llm.generate(prompt, { ...sampling, tree: roundTree(values) })
      : await streamToStdout(llm, prompt, { ...sampling, tree: roundTree(values) });
    if (values.json) {
      const { promptTokens, tokens, text, finishReason, stats } = result;
      process.stdout.write(
        `${JSON.stringify({ promptTokens, tokens, text, finishReason, stats })}\n`,
      );
    } else {
      process.stderr.write(`${summaryLine(result.stats)}\n`);
    }
  } finally {
    await llm.dispose();
  }
}

async function streamToStdout(
  llm: Llm,
  prompt: string,
  options: Parameters<Llm['chunks']>[1],
): Promise<LlmResult> {
  const tokens: number[] = [];
  let text = '';
  let last;
  for await (const chunk of llm.chunks(prompt, options)) {
    if (chunk.text) process.stdout.write(chunk.text);
    tokens.push(...chunk.tokens);
    text += chunk.text;
    last = chunk;
  }
  process.stdout.write('\n');
  if (!last?.stats || !last.finishReason) throw new Error('generation ended without stats');
  return {
    text,
    tokens,
    promptTokens: llm.encode(prompt),
    finishReason: last.finishReason,
    stats: last.stats,
  };
}

/** `[64 tokens · 812.3 tokens/s · eagle3 tau 3.12 · speed-up 2.05×]` */
export function summaryLine(stats: LlmStats): string {
  const parts = [`${stats.generatedTokens} tokens`, `${stats.tokensPerSecond.toFixed(1)} tokens/s`];
  if (stats.method === 'none') parts.push('plain decoding');
  else {
    parts.push(`${stats.method} tau ${stats.acceptanceLength.toFixed(2)}`);
    parts.push(
      stats.speedup === undefined
        ? 'speed-up: add --compare'
        : `speed-up ${stats.speedup.toFixed(2)}× vs plain`,
    );
  }
  return `[${parts.join(' · ')}]`;
}

function optional<TKey extends string>(
  key: TKey,
  value: number | undefined,
): Partial<Record<TKey, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<TKey, number>);
}
