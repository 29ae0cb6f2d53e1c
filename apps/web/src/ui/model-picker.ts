import { describeCachedModel, forgetCachedModel, listCachedModels } from '../cached-models.js';
import type { CachedModel } from '../cached-models.js';
import type { ModelSourceSpec } from '../decoder-protocol.js';
import { servedModelSource } from '../served-models.js';
import type { ServedModel } from '../served-models.js';
import type { AppElements } from './elements.js';
import { describePick, topLevelFiles } from './picked-files.js';

/** What the model controls need from the app. */
export interface ModelPickerOptions {
  readonly hubEndpoint: string;
  /** Cache Storage where the worker keeps hub files (undefined where the browser has none). */
  readonly openCache: () => Promise<Cache | undefined>;
  readonly servedModels: () => Promise<readonly ServedModel[]>;
  /** Loads a model (hub models show their download progress). */
  readonly load: (model: ModelSourceSpec, label: string) => Promise<void>;
}

/**
 * The model controls: models this app's server serves (the default one first), a hub id, the hub
 * models Cache Storage holds (load or forget), and files from disk.
 */
export function startModelPicker(
  elements: AppElements,
  options: ModelPickerOptions,
): { refreshCached(): Promise<void>; setBusy(busy: boolean): void } {
  let served: readonly ServedModel[] = [];
  let cached: CachedModel[] = [];
  let busy = false;
  const sync = (): void => {
    elements.loadServed.disabled = busy || served.length === 0;
    elements.loadHub.disabled = busy;
    elements.loadCached.disabled = busy || cached.length === 0;
    elements.forgetCached.disabled = busy || cached.length === 0;
    elements.modelFolder.disabled = busy;
    elements.modelFiles.disabled = busy;
  };
  const fill = (select: HTMLSelectElement, labels: readonly string[], empty: string): void => {
    select.replaceChildren(
      ...(labels.length === 0 ? [empty] : labels).map((label, index) => {
        const option = select.ownerDocument.createElement('option');
        option.value = labels.length === 0 ? '' : String(index);
        option.textContent = label;
        return option;
      }),
    );
    select.disabled = labels.length === 0;
    sync();
  };

  const refreshCached = async (): Promise<void> => {
    const cache = await options.openCache();
    cached = cache ? await listCachedModels(cache, options.hubEndpoint) : [];
    fill(elements.cachedModel, cached.map(describeCachedModel), 'nothing cached yet');
    elements.app.dataset.cachedModels = String(cached.length);
  };
  const refreshServed = async (): Promise<void> => {
    served = await options.servedModels();
    fill(
      elements.servedModel,
      served.map((model) => `${model.name}${model.isDefault ? ' (default)' : ''}`),
      'none (a static host)',
    );
  };
  const hubLoad = (hubId: string): void =>
    void options
      .load({ kind: 'hub', hubId, endpoint: options.hubEndpoint }, hubId)
      .then(refreshCached);
  const loadPicked = (input: HTMLInputElement): void => {
    const files = topLevelFiles(input.files ?? []);
    if (files.length === 0) return;
    const label = describePick(files);
    void options.load({ kind: 'files', files, label }, label);
  };

  elements.hubEndpoint.textContent = options.hubEndpoint;
  elements.loadServed.addEventListener('click', () => {
    const model = served[Number(elements.servedModel.value)];
    if (model) void options.load(servedModelSource(model, document.baseURI), model.name);
  });
  elements.loadHub.addEventListener('click', () => {
    const hubId = elements.hubId.value.trim();
    if (hubId) hubLoad(hubId);
  });
  elements.loadCached.addEventListener('click', () => {
    const model = cached[Number(elements.cachedModel.value)];
    if (model) hubLoad(model.hubId);
  });
  elements.forgetCached.addEventListener('click', () => {
    const model = cached[Number(elements.cachedModel.value)];
    if (!model) return;
    void options
      .openCache()
      .then((cache) => cache && forgetCachedModel(cache, model))
      .then(refreshCached);
  });
  elements.modelFolder.addEventListener('change', () => loadPicked(elements.modelFolder));
  elements.modelFiles.addEventListener('change', () => loadPicked(elements.modelFiles));
  void refreshServed();
  void refreshCached();
  sync();
  return {
    refreshCached,
    setBusy(value) {
      busy = value;
      sync();
    },
  };
}
