import { ConfuError } from '@confu/errors';
import type { ConfuErrorCode } from '@confu/errors';
import { describe, expect, it } from 'vitest';
import { llamaConfig } from '../testing/test-checkpoint.js';
import { parseHuggingFaceConfig } from './parse-hugging-face-config.js';

const label = 'model/config.json';
const parse = (json: Record<string, unknown>) => parseHuggingFaceConfig(json, label);

function expectRejected(
  json: Record<string, unknown>,
  code: ConfuErrorCode,
  ...patterns: (string | RegExp)[]
): void {
  let error: unknown;
  try {
    parse(json);
  } catch (caught) {
    error = caught;
  }
  if (!ConfuError.isInstance(error))
    return void expect.fail(`expected a ConfuError, got ${String(error)}`);
  expect(error.code, error.message).toBe(code);
  expect(error.message).toContain(label);
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
}

describe('parseHuggingFaceConfig', () => {
  it('applies the transformers defaults', () => {
    const { model_type, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads } =
      llamaConfig;
    const result = parse({
      model_type,
      hidden_size,
      intermediate_size,
      num_hidden_layers,
      num_attention_heads,
      vocab_size: 32,
      max_position_embeddings: 64,
      num_key_value_heads: null,
      rope_scaling: null,
    });
    expect(result).toEqual({
      modelType: 'llama',
      config: {
        hiddenSize: 16,
        intermediateSize: 24,
        numLayers: 2,
        numHeads: 4,
        numKvHeads: 4,
        headDim: 4,
        vocabSize: 32,
        contextLength: 64,
        ropeTheta: 10000,
        rmsNormEps: 1e-6,
        tiedEmbeddings: false,
        qkvBias: false,
        qkNorm: false,
      },
    });
  });

  it('sets the family switches', () => {
    expect(parse({ ...llamaConfig, model_type: 'qwen2' }).config).toMatchObject({
      qkvBias: true,
      qkNorm: false,
    });
    expect(parse({ ...llamaConfig, model_type: 'qwen3', head_dim: 8 }).config).toMatchObject({
      qkvBias: false,
      qkNorm: true,
      headDim: 8,
    });
    expect(
      parse({ ...llamaConfig, model_type: 'qwen3', attention_bias: true }).config.qkvBias,
    ).toBe(true);
    expect(parse({ ...llamaConfig, attention_bias: true }).config.qkvBias).toBe(true);
  });

  it('maps llama3 rope scaling and treats "default" as none', () => {
    const ropeScaling = {
      rope_type: 'llama3',
      factor: 8,
      low_freq_factor: 1,
      high_freq_factor: 4,
      original_max_position_embeddings: 8192,
    };
    expect(parse({ ...llamaConfig, rope_scaling: ropeScaling }).config.ropeScaling).toEqual({
      type: 'llama3',
      factor: 8,
      lowFreqFactor: 1,
      highFreqFactor: 4,
      originalMaxPositionEmbeddings: 8192,
    });
    expect(
      parse({ ...llamaConfig, rope_scaling: { type: 'default' } }).config.ropeScaling,
    ).toBeUndefined();
    expect(
      parse({
        ...llamaConfig,
        rope_theta: undefined,
        rope_parameters: { rope_type: 'default', rope_theta: 1e6 },
      }).config,
    ).toMatchObject({ ropeTheta: 1e6 });
  });

  it('handles sliding windows per family', () => {
    expect(parse({ ...llamaConfig, model_type: 'mistral', sliding_window: 16 }).slidingWindow).toBe(
      16,
    );
    expect(
      parse({ ...llamaConfig, model_type: 'mistral', sliding_window: 64 }).slidingWindow,
    ).toBeUndefined();
    expect(
      parse({ ...llamaConfig, model_type: 'mistral', sliding_window: null }).slidingWindow,
    ).toBeUndefined();
    // Qwen2.5 ships sliding_window with use_sliding_window false: ignored, as in transformers.
    expect(
      parse({
        ...llamaConfig,
        model_type: 'qwen2',
        sliding_window: 8,
        use_sliding_window: false,
        max_window_layers: 0,
      }).slidingWindow,
    ).toBeUndefined();
    expect(
      parse({
        ...llamaConfig,
        model_type: 'qwen2',
        sliding_window: 8,
        use_sliding_window: true,
        max_window_layers: 2,
      }).slidingWindow,
    ).toBeUndefined();
    expectRejected(
      {
        ...llamaConfig,
        model_type: 'qwen3',
        sliding_window: 8,
        use_sliding_window: true,
        max_window_layers: 1,
      },
      'UNSUPPORTED',
      'max_window_layers',
    );
    // transformers' default max_window_layers is 28: no layer of a 2-layer model uses the window.
    expect(
      parse({ ...llamaConfig, model_type: 'qwen3', sliding_window: 8, use_sliding_window: true })
        .slidingWindow,
    ).toBeUndefined();
    expect(
      parse({
        ...llamaConfig,
        model_type: 'qwen3',
        layer_types: ['full_attention', 'full_attention'],
      }).config.qkNorm,
    ).toBe(true);
    expectRejected(
      { ...llamaConfig, model_type: 'qwen2', layer_types: ['full_attention', 'sliding_attention'] },
      'UNSUPPORTED',
      /"sliding_attention"/,
    );
    expectRejected(
      { ...llamaConfig, model_type: 'qwen2', layer_types: ['full_attention'] },
      'INVALID_CONFIG',
      /"layer_types" must list 2 layers/,
    );
  });

  it.each([
    [
      'a missing field',
      { hidden_size: undefined },
      'INVALID_CONFIG',
      /required field "hidden_size" is missing/,
    ],
    ['a null required field', { vocab_size: null }, 'INVALID_CONFIG', /"vocab_size"/],
    [
      'a zero field',
      { num_hidden_layers: 0 },
      'INVALID_CONFIG',
      /"num_hidden_layers" must be a positive integer, got 0/,
    ],
    [
      'a fractional field',
      { intermediate_size: 24.5 },
      'INVALID_CONFIG',
      /"intermediate_size".*24.5/,
    ],
    [
      'a string field',
      { max_position_embeddings: '64' },
      'INVALID_CONFIG',
      /"max_position_embeddings".*"64"/,
    ],
    [
      'heads not a multiple of kv heads',
      { num_key_value_heads: 3 },
      'INVALID_CONFIG',
      /"num_attention_heads" \(4\).*"num_key_value_heads" \(3\)/,
    ],
    [
      'a non-integer default head_dim',
      { num_attention_heads: 3, num_key_value_heads: 3 },
      'INVALID_CONFIG',
      /"hidden_size" \(16\).*"num_attention_heads" \(3\)/,
    ],
    ['a fractional head_dim', { head_dim: 4.5 }, 'INVALID_CONFIG', /"head_dim".*4.5/],
    ['an odd head_dim', { head_dim: 5 }, 'INVALID_CONFIG', /head dimension 5 must be even/],
    ['a negative rope_theta', { rope_theta: -1 }, 'INVALID_CONFIG', /"rope_theta".*-1/],
    [
      'a string tie_word_embeddings',
      { tie_word_embeddings: 'yes' },
      'INVALID_CONFIG',
      /"tie_word_embeddings"/,
    ],
    ['a missing model_type', { model_type: undefined }, 'INVALID_CONFIG', /"model_type"/],
    ['an unknown model_type', { model_type: 'gemma2' }, 'UNSUPPORTED', /model_type "gemma2"/],
    ['the phi3 model_type', { model_type: 'phi3' }, 'UNSUPPORTED', /"phi3"/],
    [
      'yarn rope scaling',
      { rope_scaling: { rope_type: 'yarn', factor: 4 } },
      'UNSUPPORTED',
      /rope_scaling type "yarn"/,
    ],
    [
      'linear rope scaling (legacy key)',
      { rope_scaling: { type: 'linear', factor: 2 } },
      'UNSUPPORTED',
      /"linear"/,
    ],
    ['rope scaling without a type', { rope_scaling: {} }, 'UNSUPPORTED', /type undefined/],
    [
      'llama3 scaling without factor',
      {
        rope_scaling: {
          rope_type: 'llama3',
          low_freq_factor: 1,
          high_freq_factor: 4,
          original_max_position_embeddings: 8192,
        },
      },
      'INVALID_CONFIG',
      /"factor" is missing/,
    ],
    [
      'llama3 scaling with low >= high',
      {
        rope_scaling: {
          rope_type: 'llama3',
          factor: 8,
          low_freq_factor: 4,
          high_freq_factor: 1,
          original_max_position_embeddings: 8192,
        },
      },
      'INVALID_CONFIG',
      /high_freq_factor > low_freq_factor/,
    ],
    ['a gelu activation', { hidden_act: 'gelu' }, 'UNSUPPORTED', /hidden_act "gelu"/],
    ['an MLP bias', { mlp_bias: true }, 'UNSUPPORTED', /mlp_bias/],
    [
      'max_position_embeddings 1e8 (RoPE tables sized by it)',
      { max_position_embeddings: 100_000_000 },
      'INVALID_CONFIG',
      /max_position_embeddings 100000000 exceeds the limit of 1048576/,
    ],
    [
      'a vocabulary of 2^32',
      { vocab_size: 2 ** 32 },
      'INVALID_CONFIG',
      /vocab_size 4294967296 exceeds the limit of 4194304/,
    ],
    [
      '100k layers',
      { num_hidden_layers: 100_000 },
      'INVALID_CONFIG',
      /num_hidden_layers 100000 exceeds the limit of 1024/,
    ],
    [
      'a huge head_dim',
      { head_dim: 65_536 },
      'INVALID_CONFIG',
      /head_dim 65536 exceeds the limit of 1024/,
    ],
    [
      'a RoPE table over the limit',
      { max_position_embeddings: 1_048_576, head_dim: 512 },
      'INVALID_CONFIG',
      /max_position_embeddings 1048576 × head dimension 512 = 536870912 RoPE table entries exceeds/,
    ],
    [
      'a bad Mistral window',
      { model_type: 'mistral', sliding_window: -4 },
      'INVALID_CONFIG',
      /"sliding_window"/,
    ],
  ] as const)('rejects %s', (_, change, code, pattern) => {
    expectRejected({ ...llamaConfig, ...change }, code, pattern);
  });
});
