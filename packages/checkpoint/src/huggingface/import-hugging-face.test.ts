import { describe, expect, it } from 'vitest';
import type { DecoderWeights, LayerWeights } from '../decoder/decoder-weights.js';
import { expectImportRejected, importFiles, json } from './__fixtures__/import-files.js';
import { llamaConfig, makeCheckpoint } from '../testing/test-checkpoint.js';
import type { TestCheckpoint, TestCheckpointOptions } from '../testing/test-checkpoint.js';

const encoder = new TextEncoder();

/** transformers suffix of each LayerWeights field. */
const layerFields: Record<keyof LayerWeights, string> = {
  attentionNorm: 'input_layernorm.weight',
  wq: 'self_attn.q_proj.weight',
  wk: 'self_attn.k_proj.weight',
  wv: 'self_attn.v_proj.weight',
  wo: 'self_attn.o_proj.weight',
  bq: 'self_attn.q_proj.bias',
  bk: 'self_attn.k_proj.bias',
  bv: 'self_attn.v_proj.bias',
  qNorm: 'self_attn.q_norm.weight',
  kNorm: 'self_attn.k_norm.weight',
  mlpNorm: 'post_attention_layernorm.weight',
  wGate: 'mlp.gate_proj.weight',
  wUp: 'mlp.up_proj.weight',
  wDown: 'mlp.down_proj.weight',
};

/** Every imported array equals the stored values and is within the dtype's rounding of the originals. */
function expectWeightsMatch(
  weights: DecoderWeights,
  checkpoint: TestCheckpoint,
  dtype: string,
): void {
  const epsilon = dtype === 'BF16' ? 2 ** -8 : dtype === 'F16' ? 2 ** -11 : 0;
  const check = (actual: Float32Array | undefined, name: string): void => {
    const stored = checkpoint.stored.get(name);
    const original = checkpoint.original.get(name);
    if (!stored || !original) return void expect(actual, name).toBeUndefined();
    expect(actual, name).toEqual(stored);
    let worst = 0;
    original.forEach((value, i) => {
      const error =
        Math.abs((actual?.[i] ?? NaN) - value) - Math.max(Math.abs(value) * epsilon, 2 ** -24);
      worst = Math.max(worst, error);
    });
    expect(worst, name).toBeLessThanOrEqual(0);
  };
  check(weights.embedding, 'model.embed_tokens.weight');
  check(weights.finalNorm, 'model.norm.weight');
  check(weights.lmHead, 'lm_head.weight');
  weights.layers.forEach((layer, index) => {
    for (const [field, suffix] of Object.entries(layerFields)) {
      check(layer[field as keyof LayerWeights], `model.layers.${index}.${suffix}`);
    }
  });
}

describe('importHuggingFace: round trips', () => {
  const qwen2 = { ...llamaConfig, model_type: 'qwen2', tie_word_embeddings: true, rope_theta: 1e6 };
  const qwen3 = { ...llamaConfig, model_type: 'qwen3', head_dim: 8, num_key_value_heads: 1 };
  const cases: [string, TestCheckpointOptions][] = [
    ['llama F32 untied', { config: llamaConfig }],
    ['llama BF16 tied', { config: { ...llamaConfig, tie_word_embeddings: true }, dtype: 'BF16' }],
    ['llama F16 untied, 2 shards', { config: llamaConfig, dtype: 'F16', shards: 2 }],
    ['qwen2 F16 tied (q/k/v biases)', { config: qwen2, dtype: 'F16' }],
    ['qwen2 F32 untied', { config: { ...qwen2, tie_word_embeddings: false } }],
    [
      'qwen3 BF16 untied, 3 shards (q/k norms, explicit head_dim)',
      { config: qwen3, dtype: 'BF16', shards: 3 },
    ],
    ['qwen3 F32 tied', { config: { ...qwen3, tie_word_embeddings: true } }],
    ['mistral F32', { config: { ...llamaConfig, model_type: 'mistral', sliding_window: null } }],
  ];
  it.each(cases)('imports %s', async (_, options) => {
    const checkpoint = makeCheckpoint({ ...options, seed: 7 });
    const { weights, modelType } = await importFiles(checkpoint.files);
    expect(modelType).toBe(options.config['model_type']);
    expect(weights.layers).toHaveLength(2);
    expect(weights.source).toEqual({
      kind: 'huggingface',
      name: options.shards ? 'model.safetensors.index.json' : 'model.safetensors',
    });
    expectWeightsMatch(weights, checkpoint, options.dtype ?? 'F32');
  });

  it('maps the config and reads the tokenizer and generation files', async () => {
    const checkpoint = makeCheckpoint({
      config: llamaConfig,
      files: {
        'tokenizer.json': encoder.encode('{"model":{"type":"BPE"},"added_tokens":["é"]}'),
        'tokenizer_config.json': json({ bos_token: '<s>', add_bos_token: true }),
        'generation_config.json': json({ eos_token_id: [2, 3], do_sample: true }),
      },
    });
    const result = await importFiles(checkpoint.files);
    expect(result.weights.config).toEqual({
      hiddenSize: 16,
      intermediateSize: 24,
      numLayers: 2,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 4,
      vocabSize: 32,
      contextLength: 64,
      ropeTheta: 500000,
      rmsNormEps: 1e-5,
      tiedEmbeddings: false,
      qkvBias: false,
      qkNorm: false,
    });
    expect(result.tokenizerFiles).toEqual({
      tokenizerJson: '{"model":{"type":"BPE"},"added_tokens":["é"]}',
      tokenizerConfig: { bos_token: '<s>', add_bos_token: true },
    });
    // generation_config.json wins field by field over config.json.
    expect(result.generation).toEqual({ bosTokenId: 1, eosTokenIds: [2, 3] });
    expect(result.weights.bosTokenId).toBe(1);
    expect(result.weights.eosTokenIds).toEqual([2, 3]);
    expect(result.slidingWindow).toBeUndefined();
  });

  it('leaves optional parts out when absent', async () => {
    const { model_type, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads } =
      llamaConfig;
    const config = {
      model_type,
      hidden_size,
      intermediate_size,
      num_hidden_layers,
      num_attention_heads,
      vocab_size: 32,
      max_position_embeddings: 64,
    };
    const result = await importFiles(makeCheckpoint({ config }).files);
    expect(result.tokenizerFiles).toEqual({});
    expect(result.generation).toBeUndefined();
    expect(result.weights.bosTokenId).toBeUndefined();
    expect(result.weights.config).toMatchObject({
      numKvHeads: 4,
      ropeTheta: 10000,
      rmsNormEps: 1e-6,
    });
  });

  it('records a Mistral sliding window smaller than the context', async () => {
    const config = { ...llamaConfig, model_type: 'mistral', sliding_window: 16 };
    expect((await importFiles(makeCheckpoint({ config }).files)).slidingWindow).toBe(16);
  });

  it('prefers model.safetensors over an index, as transformers does', async () => {
    const single = makeCheckpoint({ config: llamaConfig, seed: 1 });
    const files = {
      ...single.files,
      'model.safetensors.index.json': json({ weight_map: { x: '../x' } }),
    };
    expectWeightsMatch((await importFiles(files)).weights, single, 'F32');
  });

  it('drops an all-zero o_proj bias and refuses a non-zero one', async () => {
    const config = { ...llamaConfig, attention_bias: true };
    const withBias = (value: number) =>
      makeCheckpoint({
        config,
        edit: (tensors) => {
          for (const layer of [0, 1]) {
            tensors[`model.layers.${layer}.self_attn.o_proj.bias`] = {
              dtype: 'F32',
              shape: [16],
              data: new Float32Array(16).fill(value),
            };
          }
        },
      });
    const zero = withBias(0);
    const { weights } = await importFiles(zero.files);
    expect(weights.config.qkvBias).toBe(true);
    expectWeightsMatch(weights, zero, 'F32');
    await expectImportRejected(
      withBias(0.5).files,
      'UNSUPPORTED',
      /memory|model\/model.safetensors/,
      /o_proj\.bias/,
    );
  });
});
