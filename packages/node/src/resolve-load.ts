import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfuError } from '@confu/errors';
import { resolveModel } from '@confu/hub';
import type { ResolvedModel, ResolveModelOptions } from '@confu/hub';
import { draftSourceOf, noHeadError, ownHeadFolders, toDraftChoice } from '@confu/llm';
import type { DraftChoice, DraftMethod } from '@confu/llm';

/** What `load` opens, as local folders. */
export interface ResolvedLoad {
  /** The model folder. */
  readonly modelPath: string;
  /** The draft choice with `from` a local folder (or `random:<seed>`; absent for none/ngram). */
  readonly draft: DraftChoice;
  /** The hub reference of the model, when it came from the hub. */
  readonly model: ResolvedModel;
}

/**
 * Resolves a model and its drafter to local folders — hub ids are downloaded once into the Hugging
 * Face cache — so `load` (or worker threads) can then open them without the network. A head method
 * without `draft.from` takes the model's own head (`<model>/eagle3/`, `<model>/confu/`).
 * @throws ConfuError `FILE_NOT_FOUND`, `INVALID_ARGUMENT` (no head known: names `draft.from`).
 */
export async function resolveLoad(
  pathOrHubId: string,
  draft: DraftChoice | DraftMethod | undefined,
  hub: ResolveModelOptions = {},
): Promise<ResolvedLoad> {
  const choice = toDraftChoice(draft);
  const source = draftSourceOf(choice);
  const model = await resolveModel(pathOrHubId, hub);
  const withFrom = (from: string): ResolvedLoad => ({
    modelPath: model.path,
    draft: { ...choice, from },
    model,
  });
  switch (source.kind) {
    case 'none':
    case 'random':
      return { modelPath: model.path, draft: choice, model };
    case 'model':
      return withFrom((await resolveModel(source.reference, hub)).path);
    case 'own-head': {
      const method = choice.method as 'eagle3' | 'confu';
      const head = await ownHeadPath(model, ownHeadFolders[method], hub);
      if (head === undefined) throw noHeadError(method, pathOrHubId);
      return withFrom(head);
    }
  }
}

/** `<model>/<folder>` when it holds a head: on disk, or in the hub repository of the model. */
async function ownHeadPath(
  model: ResolvedModel,
  folder: string,
  hub: ResolveModelOptions,
): Promise<string | undefined> {
  if (!model.hub) {
    const path = join(model.path, folder);
    const config = await stat(join(path, 'config.json')).catch(() => undefined);
    return config?.isFile() ? path : undefined;
  }
  const { repo, commit } = model.hub;
  // A reference to one file (`owner/name/model.bin`) has its heads beside it.
  const base = model.file ? model.hub.path.split('/').slice(0, -1).join('/') : model.hub.path;
  try {
    return (await resolveModel(`${repo}@${commit}/${base ? `${base}/` : ''}${folder}`, hub)).path;
  } catch (error) {
    if (ConfuError.isInstance(error) && error.code === 'FILE_NOT_FOUND') return undefined;
    throw error;
  }
}
