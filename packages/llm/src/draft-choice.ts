import { ConfuError } from '@confu/errors';
import type { DraftKind } from '@confu/model-loader';

/** A drafting method: `none` (plain decoding), n-gram lookup, a small LM, or a draft head. */
export type DraftMethod = DraftKind;

/** Which drafter `load` builds, and from what. */
export interface DraftChoice {
  readonly method: DraftMethod;
  /**
   * The draft model: a head folder (`eagle3` / `confu`) or a small LM (`lm`), as a path, hub id or
   * URL (whatever the platform's `load` takes for the model), or `random:<seed>` for a randomly
   * initialised head (tests only). Default for heads: the model's own head (`<model>/eagle3/`,
   * `<model>/confu/`); without one, loading fails naming this option.
   */
  readonly from?: string;
  /** ConFu: contemplate tokens only on the `m` nodes likeliest to end the accepted path. Default all. */
  readonly contemplate?: number | 'all';
}

/**
 * How a model folder ships its own heads: a subfolder per method (`eagle3/`, `confu/`), each a
 * SpecForge-layout head (`config.json` + `model.safetensors`). The one place that says so.
 */
export const ownHeadFolders: Readonly<Record<'eagle3' | 'confu', string>> = Object.freeze({
  eagle3: 'eagle3',
  confu: 'confu',
});

/** The methods {@link DraftChoice.method} takes. */
export const draftMethods: readonly DraftMethod[] = ['none', 'ngram', 'lm', 'eagle3', 'confu'];

/** What {@link DraftChoice.from} says. */
export type DraftSource =
  | { readonly kind: 'none' }
  | { readonly kind: 'random'; readonly seed: number }
  | { readonly kind: 'model'; readonly reference: string }
  | { readonly kind: 'own-head' };

/**
 * Normalises `draft` (a method name or a {@link DraftChoice}; absent = plain decoding) and checks it.
 * @throws ConfuError `INVALID_ARGUMENT` naming `draft.method` or `draft.from`.
 */
export function toDraftChoice(draft: DraftChoice | DraftMethod | undefined): DraftChoice {
  const choice = typeof draft === 'string' ? { method: draft } : (draft ?? { method: 'none' });
  if (!draftMethods.includes(choice.method)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`draft.method\` must be one of ${draftMethods.join(', ')}, got ${JSON.stringify(choice.method)}`,
    );
  }
  return choice;
}

/**
 * Where the drafter of `choice` comes from.
 * @throws ConfuError `INVALID_ARGUMENT` for a malformed `random:<seed>`, a random small LM, or
 * `lm` without `from`.
 */
export function draftSourceOf(choice: DraftChoice): DraftSource {
  const { method, from } = choice;
  if (method === 'none' || method === 'ngram') return { kind: 'none' };
  if (from?.startsWith('random:')) {
    const seed = Number(from.slice('random:'.length));
    if (!Number.isSafeInteger(seed) || seed < 0 || from === 'random:') {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `\`draft.from\` \`${from}\`: the seed of a random head must be a whole number ≥ 0 (random:0)`,
      );
    }
    if (method === 'lm') {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        '`draft.from` `random:<seed>` is for heads (eagle3, confu), not a small LM',
      );
    }
    return { kind: 'random', seed };
  }
  if (from !== undefined && from !== '') return { kind: 'model', reference: from };
  if (method === 'lm') {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      'the `lm` drafter needs a draft model (a small LM sharing the tokenizer): pass it with `draft.from` (`--draft-model` on the command line)',
    );
  }
  return { kind: 'own-head' };
}

/** The error for a head method when the model ships no such head and none was named. */
export function noHeadError(method: DraftMethod, model: string): ConfuError {
  const label = method === 'confu' ? 'ConFu' : 'EAGLE-3';
  return new ConfuError(
    'INVALID_ARGUMENT',
    `no ${label} head is known for ${model} (it has no ${method}/ folder): pass a head with \`draft.from\` (\`--draft-model <dir|hub id>\` on the command line); \`random:<seed>\` gives an untrained head, for tests`,
  );
}
