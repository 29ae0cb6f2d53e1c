import { load } from '@confu/node';
import type { DownloadProgress, DraftChoice, Llm, LoadOptions } from '@confu/node';
import type { ModelDtype } from '@confu/core';
import { ConfuError } from '@confu/errors';
import { defaultModel } from './default-model.js';
import { numberOption } from './cli-options.js';
import { readDraftChoice } from './draft-options.js';

type Values = Record<string, string | boolean | string[] | undefined>;

const dtypes: readonly ModelDtype[] = ['fp32', 'fp16', 'q8', 'q4'];

/** Download progress on stderr: a live line on a terminal, one line per file otherwise. */
export function reportProgress(progress: DownloadProgress): void {
  const percent =
    progress.totalBytes === 0
      ? 100
      : Math.floor((progress.receivedBytes / progress.totalBytes) * 100);
  const line = `downloading ${progress.file} ${percent}% (${progress.receivedBytes}/${progress.totalBytes} bytes)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${progress.done ? '\n' : ''}`);
  else if (progress.done) process.stderr.write(`${line}\n`);
}

/** `--model` (or the default model) and the draft choice, with the default model's heads. */
export function readModelAndDraft(values: Values): { model: string; draft: DraftChoice } {
  const draft = readDraftChoice(values);
  const given = values.model;
  if (typeof given === 'string' && given !== '') return { model: given, draft };
  const fallback = defaultModel();
  const head =
    draft.from === undefined && (draft.method === 'eagle3' || draft.method === 'confu')
      ? fallback.heads[draft.method]
      : undefined;
  return { model: fallback.path, draft: head ? { ...draft, from: head } : draft };
}

/** The hub and runtime flags (`--offline`, `--hub-endpoint`, `--dtype`, `--threads`) as load options. */
export function readLoadOptions(values: Values): LoadOptions {
  const dtype = values.dtype;
  if (dtype !== undefined && !dtypes.includes(dtype as ModelDtype)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--dtype must be one of ${dtypes.join(', ')}, got ${JSON.stringify(dtype)}`,
    );
  }
  const threads = numberOption(values, 'threads', { integer: true, min: 1, max: 1024 });
  const endpoint = values['hub-endpoint'];
  return {
    onProgress: reportProgress,
    ...(dtype === undefined ? {} : { dtype: dtype as ModelDtype }),
    ...(threads === undefined ? {} : { threads }),
    ...(values.offline === true ? { offline: true } : {}),
    ...(typeof endpoint === 'string' ? { hubEndpoint: endpoint } : {}),
  };
}

/** Loads what the flags name: `load()` with the model, drafter, hub and runtime flags. */
export async function openLlm(
  values: Values,
  extra: Pick<LoadOptions, 'signal' | 'profiler' | 'allowSpinning'> = {},
): Promise<{ llm: Llm; model: string; draft: DraftChoice }> {
  const { model, draft } = readModelAndDraft(values);
  const llm = await load(model, { ...readLoadOptions(values), ...extra, draft });
  return { llm, model, draft };
}
