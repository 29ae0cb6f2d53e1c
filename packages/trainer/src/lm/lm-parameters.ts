import type { DecoderConfig, DecoderWeights, LayerWeights } from '@confu/checkpoint';
import type { SeededRandom } from '@confu/sampler';
import { randomNormal } from '../seeded-random.js';

/**
 * Trainable tensors of an LM, by name: Hugging Face Llama names, except that q/k/v and gate/up
 * are fused into one `[out, in]` matrix each (one GEMM instead of three or two per layer).
 */
export const lmParameterNames = {
  embedding: 'model.embed_tokens.weight',
  finalNorm: 'model.norm.weight',
  lmHead: 'lm_head.weight',
  attentionNorm: (layer: number): string => `model.layers.${layer}.input_layernorm.weight`,
  qkv: (layer: number): string => `model.layers.${layer}.self_attn.qkv_proj.weight`,
  wo: (layer: number): string => `model.layers.${layer}.self_attn.o_proj.weight`,
  mlpNorm: (layer: number): string => `model.layers.${layer}.post_attention_layernorm.weight`,
  gateUp: (layer: number): string => `model.layers.${layer}.mlp.gate_up_proj.weight`,
  wDown: (layer: number): string => `model.layers.${layer}.mlp.down_proj.weight`,
} as const;

const n = lmParameterNames;

/** Dims of every trainable tensor, in a fixed order (embedding, layers, norm, head). */
export function lmParameterDims(config: DecoderConfig): Record<string, number[]> {
  const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D, intermediateSize: I } = config;
  const dims: Record<string, number[]> = { [n.embedding]: [config.vocabSize, h] };
  for (let layer = 0; layer < config.numLayers; layer++) {
    dims[n.attentionNorm(layer)] = [h];
    dims[n.qkv(layer)] = [(H + 2 * KVH) * D, h];
    dims[n.wo(layer)] = [h, H * D];
    dims[n.mlpNorm(layer)] = [h];
    dims[n.gateUp(layer)] = [2 * I, h];
    dims[n.wDown(layer)] = [h, I];
  }
  dims[n.finalNorm] = [h];
  if (!config.tiedEmbeddings) dims[n.lmHead] = [config.vocabSize, h];
  return dims;
}

/** Number of trainable floats (a tied embedding counted once). */
export function lmParameterCount(config: DecoderConfig): number {
  return Object.values(lmParameterDims(config)).reduce(
    (sum, dims) => sum + dims.reduce((a, b) => a * b, 1),
    0,
  );
}

/**
 * Fresh parameters, GPT-2 style: N(0, 0.02²) matrices, the residual outputs (`o_proj`,
 * `down_proj`) scaled by 1/√(2L), unit RMSNorm scales; drawn from `random` in a fixed order.
 */
export function initialLmParameters(
  config: DecoderConfig,
  random: SeededRandom,
): Record<string, Float32Array> {
  const residualStd = 0.02 / Math.sqrt(2 * config.numLayers);
  return Object.fromEntries(
    Object.entries(lmParameterDims(config)).map(([name, dims]) => {
      const count = dims.reduce((a, b) => a * b, 1);
      if (dims.length === 1) return [name, new Float32Array(count).fill(1)];
      const std = /o_proj|down_proj/.test(name) ? residualStd : 0.02;
      return [name, randomNormal(random, count, std)];
    }),
  );
}

/** The trained tensors as {@link DecoderWeights} (fused matrices split back into q/k/v, gate/up). */
export function decoderWeightsFromLm(
  config: DecoderConfig,
  params: Readonly<Record<string, Float32Array>>,
  extras: Pick<DecoderWeights, 'bosTokenId' | 'eosTokenIds' | 'tapLayers'> = {},
): DecoderWeights {
  const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D, intermediateSize: I } = config;
  const get = (name: string): Float32Array => params[name] as Float32Array;
  const rows = (data: Float32Array, from: number, count: number): Float32Array =>
    data.slice(from * h, (from + count) * h);
  const layers = Array.from({ length: config.numLayers }, (_, layer): LayerWeights => {
    const qkv = get(n.qkv(layer));
    const gateUp = get(n.gateUp(layer));
    return {
      attentionNorm: get(n.attentionNorm(layer)),
      wq: rows(qkv, 0, H * D),
      wk: rows(qkv, H * D, KVH * D),
      wv: rows(qkv, (H + KVH) * D, KVH * D),
      wo: get(n.wo(layer)),
      mlpNorm: get(n.mlpNorm(layer)),
      wGate: rows(gateUp, 0, I),
      wUp: rows(gateUp, I, I),
      wDown: get(n.wDown(layer)),
    };
  });
  return {
    config,
    embedding: get(n.embedding),
    layers,
    finalNorm: get(n.finalNorm),
    ...(config.tiedEmbeddings ? {} : { lmHead: get(n.lmHead) }),
    ...extras,
  };
}

/** {@link DecoderWeights} as LM parameters (to continue training a model). */
export function lmParametersFromDecoder(weights: DecoderWeights): Record<string, Float32Array> {
  const { config } = weights;
  const params: Record<string, Float32Array> = {
    [n.embedding]: weights.embedding,
    [n.finalNorm]: weights.finalNorm,
  };
  if (!config.tiedEmbeddings && weights.lmHead) params[n.lmHead] = weights.lmHead;
  weights.layers.forEach((layer, index) => {
    params[n.attentionNorm(index)] = layer.attentionNorm;
    params[n.qkv(index)] = concat([layer.wq, layer.wk, layer.wv]);
    params[n.wo(index)] = layer.wo;
    params[n.mlpNorm(index)] = layer.mlpNorm;
    params[n.gateUp(index)] = concat([layer.wGate, layer.wUp]);
    params[n.wDown(index)] = layer.wDown;
  });
  return params;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
