import { ConfuError } from '@confu/errors';
import { loadDrafter } from '@confu/node';
import type { DraftKind, Drafter, DrafterSpec, TextModel } from '@confu/node';
import type { SpeculationOverride } from './messages.js';

/** The server's drafter plus the few per-request variants asked for, built once each. */
export interface DrafterCache {
  get(override?: SpeculationOverride): Promise<{ kind: DraftKind; drafter: Drafter | undefined }>;
  dispose(): Promise<void>;
}

const maxVariants = 4;

/**
 * Builds drafters on demand. A request may switch to `none`, `ngram` (no model needed) or the
 * server's own method, and change the tree budget; heads are loaded again for a new tree shape,
 * so at most {@link maxVariants} variants are kept besides the server's (oldest disposed first).
 */
export function createDrafterCache(
  model: TextModel,
  modelPath: string,
  base: DrafterSpec,
  options: { numThreads?: number; cacheDirectory?: string },
): DrafterCache {
  const built = new Map<string, Promise<Drafter | undefined>>();
  const baseKey = JSON.stringify(specOf(base, undefined));
  return {
    async get(override) {
      const spec = specOf(base, override);
      const key = JSON.stringify(spec);
      let drafter = built.get(key);
      if (!drafter) {
        drafter = loadDrafter(model, modelPath, spec, options);
        built.set(key, drafter);
        drafter.catch(() => built.delete(key));
        await evict(built, baseKey);
      }
      return { kind: spec.kind, drafter: await drafter };
    },
    async dispose() {
      const all = [...built.values()];
      built.clear();
      await Promise.all(
        all.map(async (drafter) => (await drafter.catch(() => undefined))?.dispose()),
      );
    },
  };
}

function specOf(base: DrafterSpec, override: SpeculationOverride | undefined): DrafterSpec {
  const kind = override?.method ?? base.kind;
  if (kind !== 'none' && kind !== 'ngram' && kind !== base.kind) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `speculative method \`${kind}\` is not loaded on this server; use none, ngram or ${base.kind}`,
    );
  }
  const tree = {
    depth: override?.treeDepth ?? base.tree.depth,
    topK: override?.treeTopK ?? base.tree.topK,
    totalTokens: override?.treeTokens ?? base.tree.totalTokens,
  };
  return {
    kind,
    tree: kind === 'none' ? base.tree : tree,
    ...(base.seed === undefined ? {} : { seed: base.seed }),
    ...(kind === base.kind && base.modelPath !== undefined ? { modelPath: base.modelPath } : {}),
  };
}

async function evict(
  built: Map<string, Promise<Drafter | undefined>>,
  baseKey: string,
): Promise<void> {
  const variants = [...built.keys()].filter((key) => key !== baseKey);
  for (const key of variants.slice(0, Math.max(0, variants.length - maxVariants))) {
    const drafter = built.get(key);
    built.delete(key);
    await (await drafter?.catch(() => undefined))?.dispose();
  }
}
