import { CausalLm } from '@confu/model';
import { buildDecoderModel, createDecoderSpec, decoderInfoFromSpec } from '@confu/model-builder';
import { concatExternalData } from '@confu/onnx';
import { randomDecoderWeights } from '@confu/checkpoint/testing';
import type { DecoderConfig, DecoderWeights } from '@confu/checkpoint';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import type { KvCache, TensorRuntime } from '@confu/core';

/** stories260K's shape (llama2.c): dim 64, 5 layers, 8 heads / 4 KV heads, vocabulary 512. */
export const stories260kConfig: DecoderConfig = {
  hiddenSize: 64,
  intermediateSize: 172,
  numLayers: 5,
  numHeads: 8,
  numKvHeads: 4,
  headDim: 8,
  vocabSize: 512,
  contextLength: 512,
  ropeTheta: 10000,
  rmsNormEps: 1e-5,
  tiedEmbeddings: true,
  qkvBias: false,
  qkNorm: false,
};

/** A target model with three taps (the default tap layers) behind onnxruntime-node. */
export interface TestTarget {
  readonly weights: DecoderWeights;
  readonly lm: CausalLm;
  readonly runtime: TensorRuntime;
}

/** Builds and loads `weights`, or a random stories260K-shaped target of that seed. */
export async function createTestTarget(source: number | DecoderWeights = 1): Promise<TestTarget> {
  const weights = typeof source === 'number' ? randomDecoderWeights(stories260kConfig, source) : source;
  const built = buildDecoderModel(weights, { extraEmbeds: true });
  const spec = createDecoderSpec(weights, { sha256: '0'.repeat(64), sourceKind: 'llama2c' });
  const runtime = createOnnxNodeRuntime({ numThreads: 1 });
  const session = await runtime.loadModel({
    kind: 'bytes',
    model: built.model,
    externalData: [{ path: built.externalData.path, data: concatExternalData(built.externalData) }],
  });
  const lm = new CausalLm(session, decoderInfoFromSpec(spec));
  return { weights, lm, runtime };
}

/** Index of the largest value of row `row` of `[rows, width]` logits. */
export function argmaxRow(logits: Float32Array, row: number, width: number): number {
  let best = 0;
  for (let i = 1; i < width; i++) {
    if ((logits[row * width + i] as number) > (logits[row * width + best] as number)) best = i;
  }
  return best;
}

/** Runs the prompt through the target; returns the greedy root and the prompt's taps. */
export async function prefill(
  target: TestTarget,
  cache: KvCache,
  prompt: readonly number[],
): Promise<{ root: number; taps: Float32Array }> {
  const result = await target.lm.forward(cache, { tokens: prompt, taps: true });
  target.lm.commit(cache, result);
  const V = target.weights.config.vocabSize;
  return { root: argmaxRow(result.logits, prompt.length - 1, V), taps: result.hiddenTaps as Float32Array };
}

