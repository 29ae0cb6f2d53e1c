import type { DraftKind, DrafterSpec } from '@confu/node';
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
} as const;

export const draftUsage = `  --draft <kind>        none | ngram | lm | eagle3 | confu (default none)
  --draft-model <dir>   draft head (eagle3/confu) or small LM (lm); eagle3/confu without it use a
                        randomly initialised head (seeded by --seed; for tests only)
  --tree-depth <d>      EAGLE-2 expansion steps (default 5)
  --tree-topk <k>       children per node and nodes expanded per depth (default 4)
  --tree-tokens <n>     tree size including the root (default 16)`;

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
  return {
    kind,
    seed,
    tree: {
      depth: numberOption(values, 'tree-depth', { integer: true, min: 1, max: 64 }) ?? 5,
      topK: numberOption(values, 'tree-topk', { integer: true, min: 1, max: 64 }) ?? 4,
      totalTokens: numberOption(values, 'tree-tokens', { integer: true, min: 2, max: 1024 }) ?? 16,
    },
    ...(typeof draftModel === 'string' ? { modelPath: draftModel } : {}),
  };
}
