import type { DecoderConfig, DecoderWeights, LayerWeights } from '@confu/checkpoint';
import { buildDecoderModel } from '@confu/model-builder';
import { concatExternalData } from '@confu/onnx';
import { createSeededRandom } from '@confu/sampler';
import { CausalLm } from '@confu/model';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';

/** A one-layer random decoder with a vocabulary of `vocabSize`, on onnxruntime-node. */
export async function createTinyLm(
  seed: number,
  vocabSize: number,
  scale: number,
): Promise<CausalLm> {
  const config: DecoderConfig = {
    hiddenSize: 16,
    intermediateSize: 24,
    numLayers: 1,
    numHeads: 2,
    numKvHeads: 1,
    headDim: 8,
    vocabSize,
    contextLength: 32,
    ropeTheta: 10000,
    rmsNormEps: 1e-5,
    tiedEmbeddings: false,
    qkvBias: false,
    qkNorm: false,
  };
  const random = createSeededRandom(seed);
  const values = (length: number, spread: number, offset = 0): Float32Array =>
    Float32Array.from({ length }, () => offset + spread * (2 * random.next() - 1));
  const h = config.hiddenSize;
  const layer: LayerWeights = {
    attentionNorm: values(h, 0.1, 1),
    wq: values(16 * h, 0.4),
    wk: values(8 * h, 0.4),
    wv: values(8 * h, 0.4),
    wo: values(h * 16, 0.4),
    mlpNorm: values(h, 0.1, 1),
    wGate: values(24 * h, 0.4),
    wUp: values(24 * h, 0.4),
    wDown: values(h * 24, 0.4),
  };
  const weights: DecoderWeights = {
    config,
    embedding: values(vocabSize * h, 1),
    layers: [layer],
    finalNorm: values(h, 0.1, 1),
    lmHead: values(vocabSize * h, scale),
  };
  const built = buildDecoderModel(weights);
  const session = await createOnnxNodeRuntime({ numThreads: 1 }).loadModel({
    kind: 'bytes',
    model: built.model,
    externalData: built.externalData.byteLength
      ? [{ path: built.externalData.path, data: concatExternalData(built.externalData) }]
      : [],
  });
  return new CausalLm(session, {
    numLayers: 1,
    numKvHeads: 1,
    headDim: 8,
    hiddenSize: h,
    vocabSize,
    contextLength: 32,
    numTaps: 3,
    inputs: 'ids',
    maskType: 'additive',
    extraEmbeds: true,
  });
}
