import type { ModelSourceSpec, UrlFolder } from './decoder-protocol.js';

/** A folder of files the app's own server serves. */
export interface ServedFolder {
  /** Folder URL, ending in `/`. */
  readonly url: string;
  readonly files: readonly string[];
}

/** A model the app's server serves (the default model of `models/default.json`). */
export interface ServedModel extends ServedFolder {
  readonly name: string;
  readonly isDefault: boolean;
  readonly heads: Readonly<Partial<Record<'eagle3' | 'confu', ServedFolder>>>;
}

/** `/models/index.json` of the dev and preview servers (vite/repository-models-plugin.ts). */
export interface ServedModelsIndex {
  readonly models: readonly ServedModel[];
}

/** The served models; none when the server serves no index (a static host). */
export async function fetchServedModels(
  indexUrl: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<readonly ServedModel[]> {
  const response = await fetchImpl(indexUrl).catch(() => undefined);
  if (!response?.ok || !response.headers.get('content-type')?.includes('json')) return [];
  const index = (await response.json()) as Partial<ServedModelsIndex>;
  return Array.isArray(index.models) ? index.models : [];
}

/** The load spec of a served model, its URLs resolved against `base`. */
export function servedModelSource(model: ServedModel, base: string): ModelSourceSpec {
  const folder = (served: ServedFolder): UrlFolder => ({
    baseUrl: new URL(served.url, base).href,
    files: served.files,
  });
  const heads: Partial<Record<'eagle3' | 'confu', UrlFolder>> = {};
  for (const method of ['eagle3', 'confu'] as const) {
    const head = model.heads[method];
    if (head) heads[method] = folder(head);
  }
  return { kind: 'url', folder: folder(model), heads };
}
