import { ConfuError } from '@confu/errors';
import { createLmDrafter, createNgramDrafter } from '@confu/draft';
import type {
  Drafter,
  FileSource,
  ModelDtype,
  TensorRuntime,
  TextModel,
  TreeOptions,
} from '@confu/core';
import { assertSupportedDtype } from './assert-dtype.js';
import { createHeadDrafter } from './create-head-drafter.js';
import type { ConvertedModelStore } from './load-text-model.js';
import { loadTextModel } from './load-text-model.js';

/** Drafter kinds the CLI and apps offer. */
export type DraftKind = 'none' | 'ngram' | 'lm' | 'eagle3' | 'confu';

/** Which drafter to build, with its tree shape. */
export interface DrafterSpec {
  readonly kind: DraftKind;
  readonly tree: TreeOptions;
  /**
   * Seed of a randomly initialised head (tests): eagle3/confu without draft files need it, so an
   * untrained head is never used by accident.
   */
  readonly seed?: number;
  /** Draft head directory (eagle3/confu) or small LM directory (lm). */
  readonly modelPath?: string;
  /** ConFu: contemplate tokens per round (the `m` likeliest last nodes, or all). Default all. */
  readonly contemplate?: number | 'all';
}

/** How to reach the files of the target and the draft model. */
export interface DrafterSources {
  readonly target: FileSource;
  readonly draft?: FileSource;
  readonly runtime: TensorRuntime;
  readonly store?: ConvertedModelStore;
  /** How the draft model's matrices are stored. Default `fp32`. */
  readonly dtype?: ModelDtype;
}

/**
 * Builds the drafter of `spec` for `target` (undefined for `none`).
 * @throws ConfuError `INVALID_ARGUMENT` (missing draft model, or a head without files or `seed`),
 * `INVALID_CONFIG` (vocabulary mismatch), `UNSUPPORTED` (`dtype`).
 */
export async function createDrafter(
  target: TextModel,
  spec: DrafterSpec,
  sources: DrafterSources,
): Promise<Drafter | undefined> {
  assertSupportedDtype(sources.dtype, sources.runtime);
  if (
    (spec.kind === 'eagle3' || spec.kind === 'confu') &&
    !sources.draft &&
    spec.seed === undefined
  ) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `the ${spec.kind} drafter needs a head folder, or an explicit \`seed\` for an untrained random head (tests)`,
    );
  }
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'ngram':
      return createNgramDrafter({ tree: spec.tree });
    case 'lm': {
      if (!sources.draft)
        throw new ConfuError('INVALID_ARGUMENT', 'the lm drafter needs a draft model directory');
      const draft = await loadTextModel({
        source: sources.draft,
        runtime: sources.runtime,
        ...(sources.dtype ? { dtype: sources.dtype } : {}),
        ...(sources.store ? { store: sources.store } : {}),
      });
      const drafter = createLmDrafter({
        model: draft.lm,
        tree: spec.tree,
        targetVocabSize: target.lm.info.validVocabSize ?? target.lm.info.vocabSize,
      });
      return {
        kind: drafter.kind,
        requirements: drafter.requirements,
        createSession: () => drafter.createSession(),
        dispose: async () => {
          await drafter.dispose();
          await draft.dispose();
        },
      };
    }
    case 'eagle3':
    case 'confu':
      return createHeadDrafter(target, spec, sources);
  }
}
