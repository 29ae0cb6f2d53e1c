import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasStories260k as hasStories260kData, stories260kDirectory } from '@internal/test-utils';
import { CausalLm } from '@confu/model';
import { buildDecoderModel, createDecoderSpec, decoderInfoFromSpec } from '@confu/model-builder';
import { concatExternalData } from '@confu/onnx';
import { importLlama2c } from '@confu/checkpoint';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';

export { stories260kDirectory };
/** Whether stories260K is there (skips locally, fails under CI when it is not). */
export const hasStories260k = hasStories260kData('small-LM drafter on stories260K');

/** A golden greedy continuation (independent numpy implementation, matches llama2.c). */
export interface GoldenCase {
  readonly prompt: string;
  readonly prompt_tokens: readonly number[];
  readonly output_tokens: readonly number[];
}

export function goldenCases(): readonly GoldenCase[] {
  const file = path.join(stories260kDirectory, 'golden_greedy.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: GoldenCase[] }).cases;
}

/**
 * stories260K converted by our model builder and run on onnxruntime-node (one thread). Built with
 * `@confu/model-builder` directly (what `@confu/model-loader`'s `convertCheckpoint` does for
 * llama2.c): model-loader depends on the engine, which depends back on this package.
 */
export async function loadStories260k(): Promise<CausalLm> {
  const bytes = new Uint8Array(readFileSync(path.join(stories260kDirectory, 'stories260K.bin')));
  const weights = importLlama2c(bytes, { name: 'stories260K.bin' });
  const spec = createDecoderSpec(weights, { sha256: '0'.repeat(64), sourceKind: 'llama2c' });
  const built = buildDecoderModel(weights);
  const externalData =
    built.externalData.byteLength > 0
      ? [{ path: built.externalData.path, data: concatExternalData(built.externalData) }]
      : [];
  const session = await createOnnxNodeRuntime().loadModel(
    { kind: 'bytes', model: built.model, externalData },
    { numThreads: 1 },
  );
  return new CausalLm(session, decoderInfoFromSpec(spec));
}
