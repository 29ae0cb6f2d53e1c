import type { Drafter, FileSource, ModelDtype, TensorRuntime, TextModel } from '@confu/core';
import { defaultTreeOptions } from '@confu/draft';
import { createDrafter } from '@confu/model-loader';
import type { ConvertedModelStore } from '@confu/model-loader';
import type { DraftChoice } from './draft-choice.js';
import { draftSourceOf, noHeadError } from './draft-choice.js';

/** A draft model's files, and where its converted graph may be kept. */
export interface DraftFiles {
  readonly source: FileSource;
  readonly store?: ConvertedModelStore;
}

/** How a platform reaches draft models: `load` in `@confu/node` and `@confu/browser` supply it. */
export interface DrafterResolver {
  readonly runtime: TensorRuntime;
  /** Opens a `draft.from` reference (path, hub id, URL). */
  open(reference: string): Promise<DraftFiles>;
  /** The model's own head folder for `method` (`<model>/eagle3/`), or undefined when it has none. */
  ownHead(method: 'eagle3' | 'confu'): Promise<DraftFiles | undefined>;
  readonly dtype?: ModelDtype;
}

/**
 * Builds the drafter of `choice` for `model` (undefined for `none`). Heads come from `draft.from`,
 * else the model's own head; an untrained random head only from an explicit `random:<seed>`.
 * @throws ConfuError `INVALID_ARGUMENT` naming `draft.from` when a head is needed and none is known.
 */
export async function openDrafter(
  model: TextModel,
  target: FileSource,
  choice: DraftChoice,
  resolver: DrafterResolver,
): Promise<Drafter | undefined> {
  const from = draftSourceOf(choice);
  const spec = {
    kind: choice.method,
    tree: defaultTreeOptions,
    ...(choice.contemplate === undefined ? {} : { contemplate: choice.contemplate }),
  };
  const common = {
    target,
    runtime: resolver.runtime,
    ...(resolver.dtype === undefined ? {} : { dtype: resolver.dtype }),
  };
  switch (from.kind) {
    case 'none':
      return createDrafter(model, spec, common);
    case 'random':
      return createDrafter(model, { ...spec, seed: from.seed }, common);
    case 'model':
      return createDrafter(model, spec, {
        ...common,
        ...draftSources(await resolver.open(from.reference)),
      });
    case 'own-head': {
      const method = choice.method as 'eagle3' | 'confu';
      const head = await resolver.ownHead(method);
      if (!head) throw noHeadError(method, target.describe('').replace(/\/$/, '') || 'the model');
      return createDrafter(model, spec, { ...common, ...draftSources(head) });
    }
  }
}

function draftSources(files: DraftFiles): { draft: FileSource; store?: ConvertedModelStore } {
  return { draft: files.source, ...(files.store ? { store: files.store } : {}) };
}
