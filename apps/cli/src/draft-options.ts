import type { DraftKind, DrafterSpec } from '@confu/node';
import type { TreeOptions } from '@confu/core';
import { ConfuError } from '@confu/errors';
import { numberOption } from './cli-options.js';

const kinds: readonly DraftKind[] = ['none', 'ngram', 'lm', 'eagle3', 'confu'];

/** parseArgs options shared by `generate` and `bench` for choosing a drafter. */
export const draftArgs = {
  draft: { type: 'string' },
  'draft-model': { type: 'string' },
  'tree-depth': { type: 'string' },
  'tree-topk': { type: 'string' },
  'tree-tokens': { type: 'string' },
  contemplate: { type: 'string' },
} as const;

export const draftUsage = `  --draft <kind>        none | ngram | lm | eagle3 | confu (default none)
  --draft-model <dir>   draft head (eagle3/confu) or small LM (lm); eagle3/confu without it use a
                        randomly initialised head (seeded by --seed; for tests only)
  --tree-tokens <n|auto>  tree size including the root, or auto (default): each round's size and
                        depth chosen from this machine's measured verify cost and the acceptance
                        seen so far (stats report the shape used)
  --tree-depth <d>      EAGLE-2 expansion steps (fixed trees; default 5)
  --tree-topk <k>       children per node and nodes expanded per depth (fixed trees; default 4)
  --contemplate <m|all> ConFu: contemplate tokens only on the m nodes likeliest to end the accepted
                        path (default all)`;

/** Reads the drafter flags. */
export function readDrafterSpec(
  values: Record<string, string | boolean | undefined>,
  seed: number,
): DrafterSpec {
  const kind = (values.draft ?? 'none') as DraftKind;
  if (!kinds.includes(kind)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--draft must be one of ${kinds.join(', ')}, got ${String(values.draft)}`,
    );
  }
  const draftModel = values['draft-model'];
  if (kind === 'lm' && typeof draftModel !== 'string') {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      '--draft lm needs --draft-model <dir> (a small LM sharing the tokenizer)',
    );
  }
  const auto = values['tree-tokens'] === undefined || values['tree-tokens'] === 'auto';
  return {
    kind,
    seed,
    tree: {
      depth: numberOption(values, 'tree-depth', { integer: true, min: 1, max: 64 }) ?? 5,
      topK: numberOption(values, 'tree-topk', { integer: true, min: 1, max: 64 }) ?? 4,
      totalTokens: auto
        ? 16
        : (numberOption(values, 'tree-tokens', { integer: true, min: 2, max: 1024 }) as number),
    },
    ...(typeof draftModel === 'string' ? { modelPath: draftModel } : {}),
    ...(values.contemplate === undefined || values.contemplate === 'all'
      ? {}
      : {
          contemplate: numberOption(values, 'contemplate', {
            integer: true,
            min: 0,
            max: 1024,
          }) as number,
        }),
  };
}

/** The per-round tree: `auto` unless `--tree-tokens` gives a number (then the fixed shape). */
export function roundTree(
  values: Record<string, string | boolean | undefined>,
  spec: DrafterSpec,
): TreeOptions | 'auto' {
  const tokens = values['tree-tokens'];
  return tokens === undefined || tokens === 'auto' ? 'auto' : spec.tree;
}
