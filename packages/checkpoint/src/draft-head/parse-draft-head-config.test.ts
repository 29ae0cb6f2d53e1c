import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasSharedData, sharedPath } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { draftHeadConfigJson } from './draft-head-config-json.js';
import { parseDraftHeadConfig } from './parse-draft-head-config.js';

const parse = (json: Record<string, unknown>) => parseDraftHeadConfig(json, 'head/config.json');

const base = {
  architectures: ['LlamaForCausalLMEagle3'],
  hidden_size: 64,
  intermediate_size: 172,
  num_attention_heads: 8,
  num_key_value_heads: 4,
  num_hidden_layers: 1,
  max_position_embeddings: 512,
  rms_norm_eps: 1e-5,
  vocab_size: 512,
  draft_vocab_size: 128,
};

const headsDir = sharedPath('tokenizers/eagle3-heads');
const realConfigs = hasSharedData('parseDraftHeadConfig on real configs', 'tokenizers/eagle3-heads')
  ? readdirSync(headsDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.json'),
    )
  : [];

describe('parseDraftHeadConfig', () => {
  it('applies the EAGLE-3 defaults (rope_theta 10000, head_dim h/heads, no taps, no confu)', () => {
    expect(parse(base)).toEqual({
      hiddenSize: 64,
      numHeads: 8,
      numKvHeads: 4,
      headDim: 8,
      intermediateSize: 172,
      rmsNormEps: 1e-5,
      ropeTheta: 10000,
      vocabSize: 512,
      draftVocabSize: 128,
      contextLength: 512,
    });
  });

  it('maps eagle_aux_hidden_state_layer_ids (layer outputs) to input taps (+1) and reads confu', () => {
    const config = parse({
      ...base,
      eagle_config: { eagle_aux_hidden_state_layer_ids: [1, 29, 57], use_aux_hidden_state: true },
      confu: { soft_prompt_length: 16, num_experts: 8, top_k: 2 },
    });
    expect(config.tapLayers).toEqual([2, 30, 58]);
    expect(config.confu).toEqual({ mode: 'moe', softPromptLength: 16, numExperts: 8, topK: 2 });
    expect(parse({ ...base, confu: { soft_prompt_length: 4, mode: 'static' } }).confu).toEqual({
      mode: 'static',
      softPromptLength: 4,
    });
  });

  it('round-trips through draftHeadConfigJson', () => {
    const config = parse({
      ...base,
      rope_theta: 500000,
      rope_scaling: {
        rope_type: 'llama3',
        factor: 8,
        low_freq_factor: 1,
        high_freq_factor: 4,
        original_max_position_embeddings: 128,
      },
      eagle_config: { eagle_aux_hidden_state_layer_ids: [1, 2, 3] },
      confu: { soft_prompt_length: 16, num_experts: 8, top_k: 2, mode: 'moe' },
    });
    expect(parse(draftHeadConfigJson(config))).toEqual(config);
  });

  it.each([
    [
      'draft_vocab_size above vocab_size',
      { draft_vocab_size: 600 },
      'INVALID_CONFIG',
      /draft_vocab_size/,
    ],
    [
      'a missing hidden_size',
      { hidden_size: undefined },
      'INVALID_CONFIG',
      /"hidden_size" is missing/,
    ],
    ['heads not a multiple of KV heads', { num_key_value_heads: 3 }, 'INVALID_CONFIG', /multiple/],
    ['two layers', { num_hidden_layers: 2 }, 'UNSUPPORTED', /exactly one layer/],
    ['gelu', { hidden_act: 'gelu' }, 'UNSUPPORTED', /hidden_act/],
    [
      'a different target_hidden_size',
      { target_hidden_size: 128 },
      'UNSUPPORTED',
      /target_hidden_size/,
    ],
    [
      'two aux layers',
      { eagle_config: { eagle_aux_hidden_state_layer_ids: [1, 2] } },
      'UNSUPPORTED',
      /exactly 3/,
    ],
    [
      'negative aux layers',
      { eagle_config: { eagle_aux_hidden_state_layer_ids: [-1, 2, 3] } },
      'INVALID_CONFIG',
      /non-negative/,
    ],
    [
      'confu top_k above num_experts',
      { confu: { soft_prompt_length: 4, num_experts: 2, top_k: 3 } },
      'INVALID_CONFIG',
      /top_k/,
    ],
    [
      'max_position_embeddings 1e9',
      { max_position_embeddings: 1e9 },
      'INVALID_CONFIG',
      /max_position_embeddings 1000000000 exceeds the limit/,
    ],
    [
      'a vocabulary of 2^31',
      { vocab_size: 2 ** 31, draft_vocab_size: 128 },
      'INVALID_CONFIG',
      /vocab_size 2147483648 exceeds the limit/,
    ],
    [
      'a confu soft prompt of 1e6 rows',
      { confu: { soft_prompt_length: 1e6, mode: 'static' } },
      'INVALID_CONFIG',
      /"soft_prompt_length" 1000000 exceeds the limit of 4096/,
    ],
    [
      'an unknown confu mode',
      { confu: { soft_prompt_length: 4, mode: 'dense' } },
      'INVALID_CONFIG',
      /"mode"/,
    ],
  ])('rejects %s', (_, patch, code, message) => {
    expect(() => parse({ ...base, ...patch })).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
    expect(() => parse({ ...base, ...patch })).toThrow(/head\/config\.json/);
  });

  describe.skipIf(realConfigs.length === 0)('on real EAGLE-3 / SpecForge configs', () => {
    it.each(realConfigs)('parses %s', (file) => {
      const json = JSON.parse(readFileSync(path.join(headsDir, file), 'utf8')) as Record<
        string,
        unknown
      >;
      const config = parse(json);
      expect(config.hiddenSize).toBe(json['hidden_size']);
      expect(config.draftVocabSize).toBe(json['draft_vocab_size']);
      expect(config.ropeTheta).toBe(json['rope_theta'] ?? 10000);
      expect(config.headDim).toBe(
        json['head_dim'] ??
          (json['hidden_size'] as number) / (json['num_attention_heads'] as number),
      );
    });
  });
});
