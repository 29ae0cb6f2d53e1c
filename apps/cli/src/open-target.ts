import { resolveModel } from '@confu/hub';
import type { DownloadProgress } from '@confu/hub';
import { loadDrafter, loadModel } from '@confu/node';
import type { Drafter, DrafterSpec, TextModel } from '@confu/node';
import type { Profiler } from '@confu/core';

function reportProgress(progress: DownloadProgress): void {
  const done = progress.done ? ' ✓' : '';
  process.stderr.write(
    `${progress.file}: ${progress.receivedBytes}/${progress.totalBytes} bytes${done}\n`,
  );
}

/**
 * Resolves the target (a local path, or a Hugging Face hub id downloaded once into the cache:
 * HF_ENDPOINT, HF_HUB_OFFLINE) and the draft model the same way, then loads both.
 */
export async function openTarget(
  modelPath: string,
  spec: DrafterSpec,
  numThreads: number | undefined,
  extra: { allowSpinning?: boolean; profiler?: Profiler } = {},
): Promise<{ model: TextModel; drafter: Drafter | undefined }> {
  const threads = {
    ...(numThreads === undefined ? {} : { numThreads }),
    ...(extra.allowSpinning === undefined ? {} : { allowSpinning: extra.allowSpinning }),
  };
  const { path } = await resolveModel(modelPath, { onProgress: reportProgress });
  const draftPath =
    spec.modelPath === undefined
      ? undefined
      : (await resolveModel(spec.modelPath, { onProgress: reportProgress })).path;
  const model = await loadModel(path, {
    ...threads,
    ...(extra.profiler ? { profiler: extra.profiler } : {}),
  });
  try {
    const drafter = await loadDrafter(
      model,
      path,
      { ...spec, ...(draftPath ? { modelPath: draftPath } : {}) },
      { ...threads, ...(extra.profiler ? { profiler: extra.profiler } : {}) },
    );
    return { model, drafter };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}
