import { ConfuError } from '@confu/errors';
import type { ConfuErrorCode } from '@confu/errors';
import { describe, expect, it } from 'vitest';
import type { DecoderWeights, LayerWeights } from '../decoder/decoder-weights.js';
import { createMemoryFileSource } from '../file-source.js';
import type { FileSource } from '../file-source.js';
import { writeSafetensors } from '../safetensors/index.js';
import { llamaConfig, makeCheckpoint } from './__fixtures__/test-checkpoint.js';
import type {
  TestCheckpoint,
  TestCheckpointOptions,
  TestConfig,
} from './__fixtures__/test-checkpoint.js';
import { importHuggingFace } from './import-hugging-face.js';

const encoder = new TextEncoder();
const json = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

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

async function importFiles(files: Record<string, Uint8Array>) {
  return importHuggingFace(createMemoryFileSource(files, 'model'));
}

async function expectRejected(
  files: Record<string, Uint8Array>,
  code: ConfuErrorCode,
  ...patterns: (string | RegExp)[]
): Promise<void> {
  const error: unknown = await importFiles(files).then(
    () => expect.fail('expected a ConfuError'),
    (caught: unknown) => caught,
  );
  if (!ConfuError.isInstance(error)) throw error;
  expect(error.code, error.message).toBe(code);
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
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
    await expectRejected(
      withBias(0.5).files,
      'UNSUPPORTED',
      /memory|model\/model.safetensors/,
      /o_proj\.bias/,
    );
  });
});

describe('importHuggingFace: bad checkpoints', () => {
  const edited = (edit: TestCheckpointOptions['edit'], config: TestConfig = llamaConfig) =>
    makeCheckpoint({ config, edit }).files;

  it('names a missing tensor and the file', async () => {
    const files = edited((t) => delete t['model.layers.1.mlp.up_proj.weight']);
    await expectRejected(
      files,
      'INVALID_FILE',
      'model/model.safetensors',
      '"model.layers.1.mlp.up_proj.weight"',
    );
  });

  it('requires lm_head.weight when embeddings are not tied', async () => {
    await expectRejected(
      edited((t) => delete t['lm_head.weight']),
      'INVALID_FILE',
      '"lm_head.weight"',
    );
  });

  it('reports expected and actual shapes, before reading any weight', async () => {
    const checkpoint = makeCheckpoint({
      config: llamaConfig,
      edit: (t) => {
        t['lm_head.weight'] = { dtype: 'F32', shape: [32, 15], data: new Float32Array(32 * 15) };
      },
    });
    const inner = createMemoryFileSource(checkpoint.files, 'model');
    let weightReads = 0;
    const source: FileSource = {
      ...inner,
      read: (name, range) => {
        if (name === 'model.safetensors' && (range?.start ?? 0) > 0) weightReads++;
        return inner.read(name, range);
      },
    };
    await expect(importHuggingFace(source)).rejects.toThrow(
      /model\/model.safetensors: tensor "lm_head.weight" has shape \[32, 15\], expected \[32, 16\]/,
    );
    expect(weightReads).toBe(1); // the JSON header only
  });

  it('refuses integer weights as UNSUPPORTED', async () => {
    const files = edited((t) => {
      t['model.norm.weight'] = { dtype: 'I32', shape: [16], data: new Int32Array(16) };
    });
    await expectRejected(
      files,
      'UNSUPPORTED',
      'model/model.safetensors',
      /"model.norm.weight" has dtype I32/,
    );
  });

  it('refuses layers beyond num_hidden_layers', async () => {
    const files = edited((t) => {
      t['model.layers.2.input_layernorm.weight'] = {
        dtype: 'F32',
        shape: [16],
        data: new Float32Array(16),
      };
    });
    await expectRejected(
      files,
      'INVALID_CONFIG',
      'model/config.json',
      'num_hidden_layers is 2',
      'model.layers.2.',
    );
  });

  it('passes safetensors errors through with the file name', async () => {
    const { files } = makeCheckpoint({ config: llamaConfig });
    const weights = files['model.safetensors'] ?? new Uint8Array();
    await expectRejected(
      { ...files, 'model.safetensors': weights.subarray(0, weights.length - 1) },
      'INVALID_FILE',
      'model/model.safetensors',
    );
    const header = weights.slice();
    new DataView(header.buffer).setBigUint64(0, 10n ** 12n, true);
    await expectRejected(
      { ...files, 'model.safetensors': header },
      'INVALID_FILE',
      'model/model.safetensors',
      /cap/,
    );
  });

  it('needs config.json and weights', async () => {
    const { files } = makeCheckpoint({ config: llamaConfig });
    const { 'config.json': _config, ...noConfig } = files;
    await expectRejected(noConfig, 'FILE_NOT_FOUND', 'config.json');
    const { 'model.safetensors': _weights, ...noWeights } = files;
    await expectRejected(noWeights, 'FILE_NOT_FOUND', 'model.safetensors');
  });

  it.each([
    [
      'config.json not JSON',
      { 'config.json': encoder.encode('{"model_type":') },
      'INVALID_FILE',
      'model/config.json',
    ],
    [
      'config.json an array',
      { 'config.json': json([llamaConfig]) },
      'INVALID_FILE',
      'model/config.json',
    ],
    [
      'config.json not UTF-8',
      { 'config.json': new Uint8Array([0x7b, 0xff, 0x7d]) },
      'INVALID_FILE',
      'UTF-8',
    ],
    [
      'tokenizer.json not UTF-8',
      { 'tokenizer.json': new Uint8Array([0xc3]) },
      'INVALID_FILE',
      'model/tokenizer.json',
    ],
    [
      'tokenizer_config.json not an object',
      { 'tokenizer_config.json': json('x') },
      'INVALID_FILE',
      'model/tokenizer_config.json',
    ],
    [
      'an eos id beyond the vocabulary',
      { 'generation_config.json': json({ eos_token_id: [2, 99] }) },
      'INVALID_CONFIG',
      /generation_config.json.*\[0, 32\).*99/,
    ],
    [
      'a fractional bos id',
      { 'generation_config.json': json({ bos_token_id: 1.5 }) },
      'INVALID_CONFIG',
      'bos_token_id',
    ],
  ] as const)('rejects %s', async (_, extra, code, pattern) => {
    const { files } = makeCheckpoint({ config: llamaConfig });
    await expectRejected({ ...files, ...extra }, code, pattern);
  });
});

describe('importHuggingFace: sharded index', () => {
  const sharded = () => makeCheckpoint({ config: llamaConfig, shards: 2 }).files;
  const withMap = (weightMap: unknown) => ({
    ...sharded(),
    'model.safetensors.index.json': json({ weight_map: weightMap }),
  });
  const index = (files: Record<string, Uint8Array>) =>
    JSON.parse(new TextDecoder().decode(files['model.safetensors.index.json'])) as {
      weight_map: Record<string, string>;
    };

  it.each([
    '../model-00001-of-00002.safetensors',
    '/etc/passwd',
    'a/../../x',
    'C:\\x.safetensors',
    './x',
    '',
  ])('refuses shard path %j', async (path) => {
    const map = { ...index(sharded()).weight_map, 'model.norm.weight': path };
    await expectRejected(
      withMap(map),
      'INVALID_FILE',
      'model/model.safetensors.index.json',
      '"model.norm.weight"',
    );
  });

  it('refuses a missing weight_map or a missing shard', async () => {
    await expectRejected(withMap(undefined), 'INVALID_FILE', 'weight_map');
    await expectRejected(
      withMap({ 'model.norm.weight': 'gone.safetensors' }),
      'FILE_NOT_FOUND',
      '"gone.safetensors"',
    );
  });

  it('refuses a weight_map entry its shard does not hold', async () => {
    const files = sharded();
    const map = index(files).weight_map;
    const other =
      map['model.norm.weight'] === 'model-00001-of-00002.safetensors' ? '00002' : '00001';
    map['model.norm.weight'] = `model-${other}-of-00002.safetensors`;
    await expectRejected(
      { ...files, 'model.safetensors.index.json': json({ weight_map: map }) },
      'INVALID_FILE',
      `model/model-${other}-of-00002.safetensors`,
      '"model.norm.weight"',
    );
  });

  it('refuses a tensor missing from the weight_map, and a corrupt shard', async () => {
    const files = sharded();
    const map = index(files).weight_map;
    delete map['model.norm.weight'];
    await expectRejected(
      { ...files, 'model.safetensors.index.json': json({ weight_map: map }) },
      'INVALID_FILE',
      'model/model.safetensors.index.json',
      '"model.norm.weight"',
    );
    await expectRejected(
      { ...files, 'model-00002-of-00002.safetensors': writeSafetensors({}).subarray(0, 12) },
      'INVALID_FILE',
      'model/model-00002-of-00002.safetensors',
    );
  });
});
