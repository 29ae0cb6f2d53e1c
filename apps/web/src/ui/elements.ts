/** The page's controls, looked up once by id. */
export interface AppElements {
  readonly app: HTMLElement;
  readonly hubEndpoint: HTMLElement;
  readonly servedModel: HTMLSelectElement;
  readonly loadServed: HTMLButtonElement;
  readonly hubId: HTMLInputElement;
  readonly loadHub: HTMLButtonElement;
  readonly cachedModel: HTMLSelectElement;
  readonly loadCached: HTMLButtonElement;
  readonly forgetCached: HTMLButtonElement;
  readonly modelFolder: HTMLInputElement;
  readonly modelFiles: HTMLInputElement;
  readonly device: HTMLSelectElement;
  readonly dtype: HTMLSelectElement;
  readonly loadProgress: HTMLElement;
  readonly loadProgressBar: HTMLProgressElement;
  readonly loadProgressText: HTMLElement;
  readonly modelStatus: HTMLElement;
  readonly prompt: HTMLTextAreaElement;
  readonly maxTokens: HTMLInputElement;
  readonly temperature: HTMLInputElement;
  readonly seed: HTMLInputElement;
  readonly drafter: HTMLSelectElement;
  readonly headSource: HTMLSelectElement;
  readonly treeMode: HTMLSelectElement;
  readonly treeDepth: HTMLInputElement;
  readonly treeTopK: HTMLInputElement;
  readonly treeTokens: HTMLInputElement;
  readonly draftHead: HTMLInputElement;
  readonly generate: HTMLButtonElement;
  readonly race: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  readonly singlePane: HTMLElement;
  readonly racePlain: HTMLElement;
  readonly raceSpec: HTMLElement;
  readonly raceSpecTitle: HTMLElement;
  readonly raceSpeedup: HTMLElement;
  readonly raceDtype: HTMLElement;
  readonly runStatus: HTMLElement;
}

/** Finds every control of `index.html`; throws naming the first one missing. */
export function findElements(root: Document = document): AppElements {
  const get = <T extends HTMLElement>(id: string, type: new () => T): T => {
    const element = root.getElementById(id);
    if (!(element instanceof type)) throw new Error(`#${id} is missing from the page`);
    return element;
  };
  return {
    app: get('app', HTMLElement),
    hubEndpoint: get('hub-endpoint', HTMLElement),
    servedModel: get('served-model', HTMLSelectElement),
    loadServed: get('load-served', HTMLButtonElement),
    hubId: get('hub-id', HTMLInputElement),
    loadHub: get('load-hub', HTMLButtonElement),
    cachedModel: get('cached-model', HTMLSelectElement),
    loadCached: get('load-cached', HTMLButtonElement),
    forgetCached: get('forget-cached', HTMLButtonElement),
    modelFolder: get('model-folder', HTMLInputElement),
    modelFiles: get('model-files', HTMLInputElement),
    device: get('device', HTMLSelectElement),
    dtype: get('dtype', HTMLSelectElement),
    loadProgress: get('load-progress', HTMLElement),
    loadProgressBar: get('load-progress-bar', HTMLProgressElement),
    loadProgressText: get('load-progress-text', HTMLElement),
    modelStatus: get('model-status', HTMLElement),
    prompt: get('prompt', HTMLTextAreaElement),
    maxTokens: get('max-tokens', HTMLInputElement),
    temperature: get('temperature', HTMLInputElement),
    seed: get('seed', HTMLInputElement),
    drafter: get('drafter', HTMLSelectElement),
    headSource: get('head-source', HTMLSelectElement),
    treeMode: get('tree-mode', HTMLSelectElement),
    treeDepth: get('tree-depth', HTMLInputElement),
    treeTopK: get('tree-topk', HTMLInputElement),
    treeTokens: get('tree-tokens', HTMLInputElement),
    draftHead: get('draft-head', HTMLInputElement),
    generate: get('generate', HTMLButtonElement),
    race: get('race', HTMLButtonElement),
    stop: get('stop', HTMLButtonElement),
    singlePane: get('single-pane', HTMLElement),
    racePlain: get('race-plain', HTMLElement),
    raceSpec: get('race-spec', HTMLElement),
    raceSpecTitle: get('race-spec-title', HTMLElement),
    raceSpeedup: get('race-speedup', HTMLElement),
    raceDtype: get('race-dtype', HTMLElement),
    runStatus: get('run-status', HTMLElement),
  };
}

/** The hub the build was configured for (`<meta name="confu-hub-endpoint">`, see vite/). */
export function hubEndpointOf(root: Document = document): string {
  const content = root
    .querySelector<HTMLMetaElement>('meta[name="confu-hub-endpoint"]')
    ?.content.trim();
  if (!content || content.startsWith('__')) throw new Error('the page names no hub endpoint');
  return content;
}
