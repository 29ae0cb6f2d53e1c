import type { Command } from 'commander';
import { defaultTreeOptions } from '@confu/node';

/** Commander's camelCase option values back to the flag names (`maxTokens` → `max-tokens`). */
export function flagValues(
  options: Record<string, unknown>,
): Record<string, string | boolean | string[] | undefined> {
  const values: Record<string, string | boolean | string[] | undefined> = {};
  for (const [key, value] of Object.entries(options)) {
    const flag = key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    if (typeof value === 'string' || typeof value === 'boolean' || Array.isArray(value)) {
      values[flag] = value as string | boolean | string[];
    }
  }
  return values;
}

/** Where the model comes from: `--model`, `--dtype`, `--offline`, `--hub-endpoint`, `--threads`. */
export function addModelOptions(command: Command): Command {
  return command
    .option(
      '--model <path|hub id>',
      'model folder (llama2.c or Hugging Face layout) or hub id owner/name[/folder] (default: the repository’s default model)',
    )
    .option('--dtype <type>', 'how the matrices are stored: fp32 | fp16 | q8 | q4 (default fp32)')
    .option('--offline', 'never use the network: hub ids from the Hugging Face cache only')
    .option(
      '--hub-endpoint <url>',
      'hub or mirror (default $HF_ENDPOINT or https://huggingface.co)',
    )
    .option('--threads <n>', 'ONNX Runtime intra-op threads, an integer ≥ 1');
}

/** The drafter: `--draft`, `--draft-model`, `--tree-*`, `--contemplate`. */
export function addDraftOptions(command: Command): Command {
  return command
    .option('--draft <method>', 'none | ngram | lm | eagle3 | confu (default none)')
    .option(
      '--draft-model <dir|hub id>',
      'draft head (eagle3/confu) or small LM (lm); heads default to the model’s own eagle3/ or confu/ folder and fail without one; random:<seed> is an untrained head, for tests',
    )
    .option(
      '--tree-tokens <n|auto>',
      'draft tree size with the root, or auto (default): sized each round from the measured verify cost and the acceptance so far',
    )
    .option(
      '--tree-depth <d>',
      `EAGLE-2 expansion steps of a fixed tree, an integer in [1, 64] (default ${defaultTreeOptions.depth})`,
    )
    .option(
      '--tree-topk <k>',
      `children per node of a fixed tree, an integer in [1, 64] (default ${defaultTreeOptions.topK})`,
    )
    .option(
      '--contemplate <m|all>',
      'ConFu: contemplate tokens only on the m nodes likeliest to end the accepted path (default all)',
    );
}
