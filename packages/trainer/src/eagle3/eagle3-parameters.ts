import type { Eagle3HeadConfig, Eagle3HeadWeights } from '@confu/checkpoint';
import type { SeededRandom } from '@confu/sampler';

/** Trainable tensors of an EAGLE-3 head, keyed by their SpecForge names, with their dims. */
export type Eagle3ParameterDims = Readonly<Record<string, readonly number[]>>;

/** Head field ↔ SpecForge tensor name of every trainable tensor (the embedding is not one). */
export const eagle3ParameterKeys = {
  'fc.weight': 'fc',
  'midlayer.input_layernorm.weight': 'inputLayernorm',
  'midlayer.hidden_norm.weight': 'hiddenNorm',
  'midlayer.self_attn.q_proj.weight': 'wq',
  'midlayer.self_attn.k_proj.weight': 'wk',
  'midlayer.self_attn.v_proj.weight': 'wv',
  'midlayer.self_attn.o_proj.weight': 'wo',
  'midlayer.post_attention_layernorm.weight': 'postAttentionLayernorm',
  'midlayer.mlp.gate_proj.weight': 'wGate',
  'midlayer.mlp.up_proj.weight': 'wUp',
  'midlayer.mlp.down_proj.weight': 'wDown',
  'norm.weight': 'norm',
  'lm_head.weight': 'lmHead',
} as const satisfies Record<string, keyof Eagle3HeadWeights>;

/** A trainable tensor's SpecForge name. */
export type Eagle3ParameterName = keyof typeof eagle3ParameterKeys;

/** Dims of every trainable tensor of a head with `config` (PyTorch `Linear` layout `[out, in]`). */
export function eagle3ParameterDims(
  config: Eagle3HeadConfig,
): Record<Eagle3ParameterName, number[]> {
  const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D, intermediateSize: I } = config;
  return {
    'fc.weight': [h, 3 * h],
    'midlayer.input_layernorm.weight': [h],
    'midlayer.hidden_norm.weight': [h],
    'midlayer.self_attn.q_proj.weight': [H * D, 2 * h],
    'midlayer.self_attn.k_proj.weight': [KVH * D, 2 * h],
    'midlayer.self_attn.v_proj.weight': [KVH * D, 2 * h],
    'midlayer.self_attn.o_proj.weight': [h, H * D],
    'midlayer.post_attention_layernorm.weight': [h],
    'midlayer.mlp.gate_proj.weight': [I, h],
    'midlayer.mlp.up_proj.weight': [I, h],
    'midlayer.mlp.down_proj.weight': [h, I],
    'norm.weight': [h],
    'lm_head.weight': [config.draftVocabSize, h],
  };
}

/** Number of trainable floats of a head with `config`. */
export function eagle3ParameterCount(config: Eagle3HeadConfig): number {
  return Object.values(eagle3ParameterDims(config)).reduce(
    (sum, dims) => sum + dims.reduce((a, b) => a * b, 1),
    0,
  );
}

/**
 * Fresh trainable tensors: PyTorch `nn.Linear`'s default uniform(±1/√in) matrices and unit
 * RMSNorm scales, drawn from `random` in a fixed order.
 */
export function initialEagle3Parameters(
  config: Eagle3HeadConfig,
  random: SeededRandom,
): Record<Eagle3ParameterName, Float32Array> {
  const dims = eagle3ParameterDims(config);
  const out = {} as Record<Eagle3ParameterName, Float32Array>;
  for (const name of Object.keys(dims) as Eagle3ParameterName[]) {
    const [rows, columns] = dims[name] as [number, number?];
    if (columns === undefined) {
      out[name] = new Float32Array(rows).fill(1);
      continue;
    }
    const bound = 1 / Math.sqrt(columns);
    out[name] = Float32Array.from(
      { length: rows * columns },
      () => (2 * random.next() - 1) * bound,
    );
  }
  return out;
}

/** The trainable tensors of an existing head (copies), e.g. to continue training it. */
export function eagle3ParametersOf(
  head: Eagle3HeadWeights,
): Record<Eagle3ParameterName, Float32Array> {
  const out = {} as Record<Eagle3ParameterName, Float32Array>;
  for (const [name, key] of Object.entries(eagle3ParameterKeys)) {
    out[name as Eagle3ParameterName] = Float32Array.from(head[key]);
  }
  return out;
}

/** A head from trained tensors, its config and vocabulary mapping. */
export function eagle3HeadFromParameters(
  config: Eagle3HeadConfig,
  params: Readonly<Record<string, Float32Array>>,
  vocab: { readonly d2t: BigInt64Array; readonly t2d: Uint8Array },
): Eagle3HeadWeights {
  const fields: Record<string, Float32Array> = {};
  for (const [name, key] of Object.entries(eagle3ParameterKeys)) {
    const value = params[name];
    if (!value) throw new Error(`missing trained tensor ${name}`);
    fields[key] = Float32Array.from(value);
  }
  return { config, ...fields, d2t: vocab.d2t, t2d: vocab.t2d } as unknown as Eagle3HeadWeights;
}
