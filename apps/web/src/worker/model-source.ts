import { createFileListSource, createHubFileSource, createUrlFileSource } from '@confu/browser';
import type { FileProgress, FileSource } from '@confu/browser';
import type { HeadMethod, ModelSourceSpec } from '../decoder-protocol.js';

/** A model's files and its trained heads, as the worker loads them. */
export interface OpenedModel {
  readonly source: FileSource;
  /** Methods with a trained head of the model's own. */
  readonly ownHeads: readonly HeadMethod[];
  /** The files of the model's own head for `method`, when it has one. */
  headSource(method: HeadMethod): FileSource | undefined;
  /** Picked head files as a source. */
  openFiles(files: readonly File[]): FileSource;
}

/** Where hub files are kept and who hears their progress. */
export interface OpenModelOptions {
  readonly cache?: Cache;
  readonly onProgress?: (progress: FileProgress) => void;
}

const headMethods: readonly HeadMethod[] = ['eagle3', 'confu'];

/**
 * Opens a model source. A hub model's own heads (its `eagle3/` and `confu/` folders) are fetched
 * with the model, so that the load's progress covers them, a later head switch needs no download,
 * and Cache Storage holds the whole model.
 * @throws ConfuError `INVALID_ARGUMENT` (not a hub id), `FILE_NOT_FOUND`, `INVALID_FILE` (hub files).
 */
export async function openModelSource(
  spec: ModelSourceSpec,
  options: OpenModelOptions = {},
): Promise<OpenedModel> {
  const openFiles = (files: readonly File[]): FileSource =>
    createFileListSource(files, 'draft head');
  if (spec.kind === 'files') {
    return {
      source: createFileListSource(spec.files, spec.label),
      ownHeads: [],
      headSource: () => undefined,
      openFiles,
    };
  }
  if (spec.kind === 'url') {
    const heads = new Map<HeadMethod, FileSource>();
    for (const method of headMethods) {
      const folder = spec.heads[method];
      if (folder) heads.set(method, createUrlFileSource(folder.baseUrl, folder.files));
    }
    return {
      source: createUrlFileSource(spec.folder.baseUrl, spec.folder.files),
      ownHeads: [...heads.keys()],
      headSource: (method) => heads.get(method),
      openFiles,
    };
  }
  const source = await createHubFileSource(spec.hubId, { endpoint: spec.endpoint, ...options });
  const heads = new Map<HeadMethod, FileSource>();
  for (const method of headMethods) {
    if (!source.hasFolder(method)) continue;
    const folder = source.subfolder(method);
    for (const name of await folder.list()) await folder.read(name);
    heads.set(method, folder);
  }
  return {
    source,
    ownHeads: [...heads.keys()],
    headSource: (method) => heads.get(method),
    openFiles,
  };
}
