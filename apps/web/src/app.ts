import type { ModelDtype } from '@confu/browser';
import type { Decoder } from './decoder.js';
import type { GenerateRequest, ModelSourceSpec } from './decoder-protocol.js';
import { runRace } from './race.js';
import type { RacePhase } from './race.js';
import type { ServedModel } from './served-models.js';
import type { AppElements } from './ui/elements.js';
import { startModelPicker } from './ui/model-picker.js';
import { createPaneView } from './ui/pane-view.js';
import { createProgressView } from './ui/progress-view.js';
import { readDevices, readDtype, readGenerateRequest } from './ui/read-settings.js';

/** `data-state` of `#app`: what the page is doing (end-to-end tests wait on it). */
export type AppState = 'empty' | 'loading' | 'ready' | 'generating' | 'done' | 'error';

/** What the page runs on. */
export interface AppOptions {
  readonly decoder: Decoder;
  /** The hub of hub ids (the build's, also in the CSP). */
  readonly hubEndpoint: string;
  readonly openCache: () => Promise<Cache | undefined>;
  readonly servedModels: () => Promise<readonly ServedModel[]>;
}

const methodLabels: Record<string, string> = {
  ngram: 'n-gram',
  eagle3: 'EAGLE-3',
  confu: 'ConFu',
};
const raceRuns = 5;
const phaseLabels: Record<RacePhase, string> = {
  'warm-up': 'Warming up: unshown plain and speculative run',
  plain: 'Plain run',
  speculative: 'Speculative run',
};

/** Wires the page's controls to `options.decoder`. */
export function startApp(elements: AppElements, options: AppOptions): void {
  const { decoder } = options;
  const single = createPaneView(elements.singlePane);
  const panes = {
    plain: createPaneView(elements.racePlain),
    speculative: createPaneView(elements.raceSpec),
  };
  const progress = createProgressView(
    elements.loadProgress,
    elements.loadProgressBar,
    elements.loadProgressText,
  );
  let hasModel = false;
  /** The dtype of the loaded model (what a race records). */
  let loadedDtype: ModelDtype = 'fp32';
  /** The last model asked for: a dtype change loads it again. */
  let lastModel: { readonly model: ModelSourceSpec; readonly label: string } | undefined;
  let generation: AbortController | undefined;

  const report = (target: HTMLElement, message: string, isError = false): void => {
    target.textContent = message;
    target.classList.toggle('error', isError);
  };

  const load = async (model: ModelSourceSpec, label: string): Promise<void> => {
    lastModel = { model, label };
    const dtype = readDtype(elements);
    setState('loading');
    delete elements.app.dataset.dtype;
    report(elements.modelStatus, `Loading ${label} (${dtype})…`);
    if (model.kind === 'hub') progress.start();
    else progress.hide();
    try {
      const devices = readDevices(elements);
      const info = await decoder.load({ model, dtype, ...(devices ? { devices } : {}) }, (event) =>
        progress.update(event),
      );
      hasModel = true;
      loadedDtype = info.dtype;
      elements.app.dataset.dtype = info.dtype;
      const heads = info.ownHeads.map((method) => methodLabels[method]).join(', ') || 'none';
      report(
        elements.modelStatus,
        `Loaded ${label} (${info.dtype}): vocabulary ${info.vocabSize}, context ${info.contextLength}; trained heads: ${heads}.`,
      );
      setState('ready');
    } catch (error) {
      // An unsupported dtype (or device) fails here with the library's error and code.
      hasModel = false;
      report(elements.modelStatus, `Could not load ${label} (${dtype}): ${messageOf(error)}`, true);
      setState('error');
    }
  };

  const picker = startModelPicker(elements, { ...options, load });

  function setState(state: AppState): void {
    elements.app.dataset.state = state;
    const busy = state === 'loading' || state === 'generating';
    elements.generate.disabled = busy || !hasModel;
    elements.race.disabled = busy || !hasModel;
    elements.stop.disabled = state !== 'generating';
    elements.dtype.disabled = busy;
    picker.setBusy(busy);
  }

  /** Reads the form, then runs `task` as the page's one generation. */
  const generating = async (
    view: 'single' | 'race',
    task: (request: GenerateRequest, signal: AbortSignal) => Promise<string>,
  ): Promise<void> => {
    let request;
    try {
      request = readGenerateRequest(elements);
    } catch (error) {
      report(elements.runStatus, messageOf(error), true);
      return;
    }
    generation = new AbortController();
    elements.app.dataset.view = view;
    setState('generating');
    try {
      report(elements.runStatus, await task(request, generation.signal));
      setState('done');
    } catch (error) {
      report(elements.runStatus, messageOf(error), true);
      setState('error');
    } finally {
      generation = undefined;
    }
  };

  elements.generate.addEventListener('click', () => {
    void generating('single', async (request, signal) => {
      report(elements.runStatus, 'Generating…');
      const result = await single.run(decoder, request, signal);
      if (!result.finishReason) return 'Stopped.';
      return `Done (${result.finishReason === 'stop' ? 'end of text' : 'length limit'}).`;
    });
  });
  elements.race.addEventListener('click', () => {
    void generating('race', async (request, signal) => {
      const method = methodLabels[request.drafter.kind] ?? request.drafter.kind;
      elements.raceSpecTitle.textContent = `Speculative: ${method}`;
      elements.raceSpeedup.textContent = '–';
      delete elements.raceSpeedup.dataset.value;
      elements.raceDtype.textContent = `${loadedDtype} weights`;
      elements.raceDtype.dataset.value = loadedDtype;
      const result = await runRace(decoder, request, panes, {
        runs: raceRuns,
        dtype: loadedDtype,
        signal,
        onPhase: (phase, run) => {
          elements.app.dataset.racePhase = phase;
          const label = phaseLabels[phase];
          report(
            elements.runStatus,
            phase === 'warm-up' ? `${label} ${run + 1}…` : `${label} ${run + 1} of ${raceRuns}…`,
          );
        },
      });
      delete elements.app.dataset.racePhase;
      if (!result) return 'Stopped.';
      elements.raceSpeedup.textContent = `${result.speedup.toFixed(2)}×`;
      elements.raceSpeedup.dataset.value = String(result.speedup);
      return `Race done (${result.dtype}): ${method} at ${result.speedup.toFixed(2)}× the plain tokens/s.`;
    });
  });
  elements.stop.addEventListener('click', () => generation?.abort());
  // Converted graphs live only in the worker's memory: another dtype is another load.
  elements.dtype.addEventListener('change', () => {
    if (lastModel) void load(lastModel.model, lastModel.label);
  });
  setState('empty');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
