import { describe, expect, it } from 'vitest';
import { randomDecoderWeights, randomFloats } from '../testing/index.js';
import { createMemoryFileSource } from '../memory-file-source.js';
import { writeSafetensors } from '../safetensors/write-safetensors.js';
import type { SafetensorsTensorInput } from '../safetensors/write-safetensors.js';
import { draftHeadConfigJson } from './draft-head-config-json.js';
import { isConfuHead } from './draft-head-weights.js';
import type { Eagle3HeadWeights } from './draft-head-weights.js';
import { loadDraftHead } from './load-draft-head.js';
import { randomDraftHead } from './random-draft-head.js';
import { saveDraftHead } from './save-draft-head.js';
import { draftToTargetIds } from './vocab-mapping.js';

const target = randomDecoderWeights({
  hiddenSize: 32,
  numHeads: 4,
  numKvHeads: 2,
  headDim: 8,
}).config;
const eagle = randomDraftHead(target, { seed: 5, draftVocabSize: 24, tapLayers: [1, 2, 2] });
const confu = randomDraftHead(target, {
  seed: 6,
  draftVocabSize: 24,
  confu: { softPromptLength: 3 },
});
const encode = (json: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(json));

/** The tensors a SpecForge checkpoint of `head` holds, under its own names, in bf16. */
function specForgeTensors(head: Eagle3HeadWeights): Record<string, SafetensorsTensorInput> {
  const {
    hiddenSize: h,
    numHeads: H,
    numKvHeads: KVH,
    headDim: D,
    intermediateSize: I,
  } = head.config;
  const bf16 = (data: Float32Array, shape: number[]): SafetensorsTensorInput => ({
    dtype: 'BF16',
    shape,
    data,
  });
  return {
    'fc.weight': bf16(head.fc, [h, 3 * h]),
    'midlayer.input_layernorm.weight': bf16(head.inputLayernorm, [h]),
    'midlayer.hidden_norm.weight': bf16(head.hiddenNorm, [h]),
    'midlayer.post_attention_layernorm.weight': bf16(head.postAttentionLayernorm, [h]),
    'midlayer.self_attn.q_proj.weight': bf16(head.wq, [H * D, 2 * h]),
    'midlayer.self_attn.k_proj.weight': bf16(head.wk, [KVH * D, 2 * h]),
    'midlayer.self_attn.v_proj.weight': bf16(head.wv, [KVH * D, 2 * h]),
    'midlayer.self_attn.o_proj.weight': bf16(head.wo, [h, H * D]),
    'midlayer.mlp.gate_proj.weight': bf16(head.wGate, [I, h]),
    'midlayer.mlp.up_proj.weight': bf16(head.wUp, [I, h]),
    'midlayer.mlp.down_proj.weight': bf16(head.wDown, [h, I]),
    'norm.weight': bf16(head.norm, [h]),
    'lm_head.weight': bf16(head.lmHead, [head.config.draftVocabSize, h]),
    'embed_tokens.weight': bf16(randomFloats(target.vocabSize * h, 9), [target.vocabSize, h]),
    d2t: { dtype: 'I64', shape: [head.d2t.length], data: head.d2t },
    t2d: { dtype: 'BOOL', shape: [head.t2d.length], data: head.t2d },
  };
}

const specForgeConfig = {
  architectures: ['LlamaForCausalLMEagle3'],
  model_type: 'llama',
  hidden_act: 'silu',
  hidden_size: 32,
  intermediate_size: 64,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  num_hidden_layers: 1,
  max_position_embeddings: 128,
  rms_norm_eps: 1e-5,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  vocab_size: 64,
  draft_vocab_size: 24,
};

describe('saveDraftHead / loadDraftHead', () => {
  it.each([
    ['EAGLE-3', eagle],
    ['ConFu', confu],
  ])('round-trips a %s head exactly in F32', async (_, head) => {
    const files = saveDraftHead(head);
    const loaded = await loadDraftHead(createMemoryFileSource({ ...files }, 'head'), { target });
    expect(loaded).toEqual(head);
    expect(isConfuHead(loaded)).toBe(head === confu);
  });

  it('writes SpecForge names and config fields', () => {
    const files = saveDraftHead(eagle, { dtype: 'BF16' });
    const json = JSON.parse(new TextDecoder().decode(files['config.json'])) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      architectures: ['LlamaForCausalLMEagle3'],
      num_hidden_layers: 1,
      draft_vocab_size: 24,
      vocab_size: 64,
      torch_dtype: 'bfloat16',
      eagle_config: { eagle_aux_hidden_state_layer_ids: [0, 1, 1] },
    });
    const header = new TextDecoder().decode(files['model.safetensors'].subarray(8, 2000));
    for (const name of [
      '"fc.weight"',
      '"midlayer.self_attn.q_proj.weight"',
      '"lm_head.weight"',
      '"d2t"',
      '"t2d"',
    ]) {
      expect(header).toContain(name);
    }
    expect(header).not.toContain('embed_tokens');
  });

  it('loads a checkpoint written with SpecForge names in bf16, ignoring embed_tokens.weight', async () => {
    const source = createMemoryFileSource({
      'config.json': encode(specForgeConfig),
      'model.safetensors': writeSafetensors(specForgeTensors(eagle)),
    });
    const loaded = await loadDraftHead(source, { target });
    expect(loaded.config).toEqual({ ...eagle.config, tapLayers: undefined, contextLength: 128 });
    expect(Array.from(draftToTargetIds(loaded.d2t))).toEqual(
      Array.from(draftToTargetIds(eagle.d2t)),
    );
    let worst = 0;
    loaded.wq.forEach(
      (value, i) => (worst = Math.max(worst, Math.abs(value - (eagle.wq[i] as number)))),
    );
    expect(worst).toBeLessThan(0.01);
  });

  it('accepts a head without d2t / t2d when the draft vocabulary is the target one', async () => {
    const full = randomDraftHead(target, { seed: 2 });
    const tensors = specForgeTensors(full);
    delete tensors['d2t'];
    delete tensors['t2d'];
    const loaded = await loadDraftHead(
      createMemoryFileSource({
        'config.json': encode({ ...specForgeConfig, draft_vocab_size: 64 }),
        'model.safetensors': writeSafetensors(tensors),
      }),
    );
    expect(loaded.d2t.every((offset) => offset === 0n)).toBe(true);
    expect(loaded.t2d.every((flag) => flag === 1)).toBe(true);
  });

  const broken = (
    patch: (tensors: Record<string, SafetensorsTensorInput>) => void,
    config: object = {},
  ) => {
    const tensors = specForgeTensors(eagle);
    patch(tensors);
    return createMemoryFileSource(
      {
        'config.json': encode({ ...specForgeConfig, ...config }),
        'model.safetensors': writeSafetensors(tensors),
      },
      'bad-head',
    );
  };

  it.each([
    [
      'a missing tensor',
      broken((t) => delete t['midlayer.mlp.up_proj.weight']),
      'INVALID_FILE',
      /missing tensor "midlayer\.mlp\.up_proj\.weight"/,
    ],
    [
      'a misshaped q_proj',
      broken(
        (t) =>
          (t['midlayer.self_attn.q_proj.weight'] = {
            dtype: 'F32',
            shape: [32, 32],
            data: new Float32Array(1024),
          }),
      ),
      'INVALID_FILE',
      /q_proj.*shape \[32, 32\], expected \[32, 64\]/,
    ],
    [
      'an unknown tensor',
      broken(
        (t) => (t['layers.0.fc.weight'] = { dtype: 'F32', shape: [1], data: new Float32Array(1) }),
      ),
      'INVALID_FILE',
      /unexpected tensors.*layers\.0\.fc\.weight/,
    ],
    [
      'd2t as I32',
      broken((t) => (t['d2t'] = { dtype: 'I32', shape: [24], data: new Int32Array(24) })),
      'INVALID_FILE',
      /"d2t" is I32 \[24\], expected I64 \[24\]/,
    ],
    [
      'd2t leaving the vocabulary',
      broken(
        (t) => (t['d2t'] = { dtype: 'I64', shape: [24], data: new BigInt64Array(24).fill(100n) }),
      ),
      'INVALID_FILE',
      /outside the target vocabulary/,
    ],
    [
      'd2t disagreeing with t2d',
      broken((t) => (t['t2d'] = { dtype: 'BOOL', shape: [64], data: new Uint8Array(64).fill(1) })),
      'INVALID_FILE',
      /t2d marks absent|t2d marks 64/,
    ],
    [
      'ConFu tensors without a confu config',
      broken(
        (t) =>
          (t['confu.soft_prompt'] = { dtype: 'F32', shape: [1, 32], data: new Float32Array(32) }),
      ),
      'INVALID_FILE',
      /no "confu" section/,
    ],
    [
      'a bad config',
      broken(() => undefined, { hidden_size: 'x' }),
      'INVALID_CONFIG',
      /bad-head\/config\.json.*hidden_size/,
    ],
    [
      'a vocabulary other than the target',
      broken(() => undefined, { vocab_size: 65 }),
      'INVALID_CONFIG',
      /vocab_size 65 does not match the target vocabulary of 64/,
    ],
    [
      'a hidden size other than the target',
      broken(() => undefined, { hidden_size: 16, num_attention_heads: 2 }),
      'INVALID_CONFIG',
      /hidden_size 16 does not match/,
    ],
    [
      'aux layers beyond the target',
      broken(() => undefined, { eagle_config: { eagle_aux_hidden_state_layer_ids: [0, 1, 3] } }),
      'INVALID_CONFIG',
      /layer 3/,
    ],
  ])('rejects %s', async (_, source, code, message) => {
    await expect(loadDraftHead(source, { target })).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });

  it('names the file when config.json is missing and refuses a ConFu head lacking its tensors', async () => {
    await expect(loadDraftHead(createMemoryFileSource({}, 'empty'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringMatching(/empty\/config\.json/),
    });
    const files = saveDraftHead(confu);
    const json = draftHeadConfigJson({
      ...confu.config,
      confu: { mode: 'moe', softPromptLength: 3, numExperts: 5, topK: 2 },
    });
    await expect(
      loadDraftHead(
        createMemoryFileSource({ ...files, 'config.json': encode(json) }, 'confu-head'),
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(/confu\.con_router\.weight.*\[4, 96\], expected \[5, 96\]/),
    });
  });
});
