import type { Decoder } from './decoder.js';
import type { ModelSourceSpec } from './decoder-protocol.js';
import { createLiveStats } from './live-stats.js';
import type { AppElements } from './ui/elements.js';
import { createOutputView } from './ui/output-view.js';
import { describePick, fileNameLines, topLevelFiles } from './ui/picked-files.js';
import { readDevices, readGenerateRequest } from './ui/read-settings.js';
import { renderStats } from './ui/stats-view.js';

/** `data-state` of `#app`: what the page is doing (end-to-end tests wait on it). */
export type AppState = 'empty' | 'loading' | 'ready' | 'generating' | 'done' | 'error';

/** Wires the page's controls to `decoder`. */
export function startApp(elements: AppElements, decoder: Decoder): void {
  const output = createOutputView(elements.output);
  let hasModel = false;
  let generation: AbortController | undefined;

  const setState = (state: AppState): void => {
    elements.app.dataset.state = state;
    const busy = state === 'loading' || state === 'generating';
    elements.generate.disabled = busy || !hasModel;
    elements.stop.disabled = state !== 'generating';
    for (const control of [elements.loadUrl, elements.modelFolder, elements.modelFiles]) {
      control.disabled = busy;
    }
  };
  const report = (target: HTMLElement, message: string, isError = false): void => {
    target.textContent = message;
    target.classList.toggle('error', isError);
  };

  const load = async (model: ModelSourceSpec, label: string): Promise<void> => {
    setState('loading');
    report(elements.modelStatus, `Loading ${label}…`);
    try {
      const devices = readDevices(elements);
      const info = await decoder.load({ model, ...(devices ? { devices } : {}) });
      hasModel = true;
      report(
        elements.modelStatus,
        `Loaded ${label}: vocabulary ${info.vocabSize}, context ${info.contextLength}.`,
      );
      setState('ready');
    } catch (error) {
      hasModel = false;
      report(elements.modelStatus, `Could not load ${label}: ${messageOf(error)}`, true);
      setState('error');
    }
  };

  const generate = async (): Promise<void> => {
    let request;
    try {
      request = readGenerateRequest(elements);
    } catch (error) {
      report(elements.runStatus, messageOf(error), true);
      return;
    }
    generation = new AbortController();
    setState('generating');
    output.clear();
    report(elements.runStatus, 'Generating…');
    const stats = createLiveStats();
    renderStats(elements, stats.snapshot());
    let finish = 'stopped';
    try {
      for await (const chunk of decoder.generate(request, generation.signal)) {
        output.append(chunk);
        renderStats(elements, stats.add(chunk));
        if (chunk.finishReason)
          finish = chunk.finishReason === 'stop' ? 'end of text' : 'length limit';
      }
      report(elements.runStatus, `Done (${finish}).`);
      setState('done');
    } catch (error) {
      report(elements.runStatus, messageOf(error), true);
      setState('error');
    } finally {
      generation = undefined;
    }
  };

  const loadPicked = (input: HTMLInputElement): void => {
    const files = topLevelFiles(input.files ?? []);
    if (files.length === 0) return;
    const label = describePick(files);
    void load({ kind: 'files', files, label }, label);
  };
  elements.modelFolder.addEventListener('change', () => loadPicked(elements.modelFolder));
  elements.modelFiles.addEventListener('change', () => loadPicked(elements.modelFiles));
  elements.loadUrl.addEventListener('click', () => {
    const baseUrl = new URL(elements.modelUrl.value.trim() || '.', document.baseURI).href;
    const files = fileNameLines(elements.modelUrlFiles.value);
    void load({ kind: 'url', baseUrl, files }, baseUrl);
  });
  elements.generate.addEventListener('click', () => void generate());
  elements.stop.addEventListener('click', () => generation?.abort());
  setState('empty');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
