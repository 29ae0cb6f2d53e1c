/** The page's controls, looked up once by id. */
export interface AppElements {
  readonly app: HTMLElement;
  readonly modelFolder: HTMLInputElement;
  readonly modelFiles: HTMLInputElement;
  readonly device: HTMLSelectElement;
  readonly modelUrl: HTMLInputElement;
  readonly modelUrlFiles: HTMLTextAreaElement;
  readonly loadUrl: HTMLButtonElement;
  readonly modelStatus: HTMLElement;
  readonly prompt: HTMLTextAreaElement;
  readonly maxTokens: HTMLInputElement;
  readonly temperature: HTMLInputElement;
  readonly seed: HTMLInputElement;
  readonly drafter: HTMLSelectElement;
  readonly treeDepth: HTMLInputElement;
  readonly treeTopK: HTMLInputElement;
  readonly treeTokens: HTMLInputElement;
  readonly draftHead: HTMLInputElement;
  readonly generate: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  readonly output: HTMLElement;
  readonly runStatus: HTMLElement;
  readonly statTokens: HTMLElement;
  readonly statTokensPerSecond: HTMLElement;
  readonly statTau: HTMLElement;
  readonly statAccepted: HTMLElement;
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
    modelFolder: get('model-folder', HTMLInputElement),
    modelFiles: get('model-files', HTMLInputElement),
    device: get('device', HTMLSelectElement),
    modelUrl: get('model-url', HTMLInputElement),
    modelUrlFiles: get('model-url-files', HTMLTextAreaElement),
    loadUrl: get('load-url', HTMLButtonElement),
    modelStatus: get('model-status', HTMLElement),
    prompt: get('prompt', HTMLTextAreaElement),
    maxTokens: get('max-tokens', HTMLInputElement),
    temperature: get('temperature', HTMLInputElement),
    seed: get('seed', HTMLInputElement),
    drafter: get('drafter', HTMLSelectElement),
    treeDepth: get('tree-depth', HTMLInputElement),
    treeTopK: get('tree-topk', HTMLInputElement),
    treeTokens: get('tree-tokens', HTMLInputElement),
    draftHead: get('draft-head', HTMLInputElement),
    generate: get('generate', HTMLButtonElement),
    stop: get('stop', HTMLButtonElement),
    output: get('output', HTMLElement),
    runStatus: get('run-status', HTMLElement),
    statTokens: get('stat-tokens', HTMLElement),
    statTokensPerSecond: get('stat-tps', HTMLElement),
    statTau: get('stat-tau', HTMLElement),
    statAccepted: get('stat-accepted', HTMLElement),
  };
}
