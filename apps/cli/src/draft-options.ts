import { defaultTreeOptions } from '@confu/node';
import type { DraftChoice, DraftKind, TreeOptions } from '@confu/node';
import { ConfuError } from '@confu/errors';
import { numberOption } from './cli-options.js';

const kinds: readonly DraftKind[] = ['none', 'ngram', 'lm', 'eagle3', 'confu'];

/** parseArgs options shared by `generate`, `bench` and `serve` for choosing a drafter. */
export const draftArgs = {
  draft: { type: 'string' },
  'draft-model': { type: 'string' },
  'tree-depth': { type: 'string' },
  'tree-topk': { type: 'string' },
  'tree-tokens': { type: 'string' },
  contemplate: { type: 'string' },
} as const;

export const draftUsage = `  --draft <kind>        none | ngram | lm | eagle3 | confu (default none)
  --draft-model <dir|hub id>  draft head (eagle3/confu) or small LM (lm); eagle3/confu default to
                        the model's own head (its eagle3/ or confu/ folder) and fail without one;
                        random:<seed> is an untrained head, for tests
  --tree-tokens <n|auto>  tree size including the root, or auto (default): each round's size and
                        depth chosen from this machine's measured verify cost and the acceptance
                        seen so far (stats report the shape used)
  --tree-depth <d>      EAGLE-2 expansion steps (fixed trees; default ${defaultTreeOptions.depth})
  --tree-topk <k>       children per node and nodes expanded per depth (fixed trees; default ${defaultTreeOptions.topK})
  --contemplate <m|all> ConFu: contemplate tokens only on the m nodes likeliest to end the accepted
                        path (default all)`;

type Values = Record<string, string | boolean | string[] | undefined>;

/** Reads `--draft`, `--draft-model` and `--contemplate`. */
export function readDraftChoice(values: Values): DraftChoice {
  const method = (values.draft ?? 'none') as DraftKind;
  if (!kinds.includes(method)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--draft must be one of ${kinds.join(', ')}, got ${JSON.stringify(values.draft)}`,
    );
  }
  const from = values['draft-model'];
  const contemplate =
    values.contemplate === undefined || values.contemplate === 'all'
      ? undefined
      : numberOption(values, 'contemplate', { integer: true, min: 0, max: 1024 });
  return {
    method,
    ...(typeof from === 'string' && from !== '' ? { from } : {}),
    ...(contemplate === undefined ? {} : { contemplate }),
  };
}

/** The fixed tree of the `--tree-*` flags (defaults for those not given). */
export function readFixedTree(values: Values): TreeOptions {
  return {
    depth:
      numberOption(values, 'tree-depth', { integer: true, min: 1, max: 64 }) ??
      defaultTreeOptions.depth,
    topK:
      numberOption(values, 'tree-topk', { integer: true, min: 1, max: 64 }) ??
      defaultTreeOptions.topK,
    totalTokens:
      values['tree-tokens'] === undefined || values['tree-tokens'] === 'auto'
        ? defaultTreeOptions.totalTokens
        : (numberOption(values, 'tree-tokens', { integer: true, min: 2, max: 1024 }) as number),
  };
}

/** The per-round tree: `auto` unless `--tree-tokens` gives a number (then the fixed shape). */
export function roundTree(values: Values): TreeOptions | 'auto' {
  const tokens = values['tree-tokens'];
  return tokens === undefined || tokens === 'auto' ? 'auto' : readFixedTree(values);
}
