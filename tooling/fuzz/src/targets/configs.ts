import { createMemoryFileSource, loadDraftHead, parseHuggingFaceConfig } from '@confu/checkpoint';
import { ConfuError } from '@confu/errors';
import * as fc from 'fast-check';
import { fuzzTarget } from '../fuzz-target.js';

const number = fc.oneof(
  { weight: 24, arbitrary: fc.constantFrom(1, 2, 4, 8, 16, 32, 64) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      0,
      -1,
      0.5,
      1e8,
      1e9,
      2 ** 31,
      2 ** 53,
      1e308,
      Number.MAX_SAFE_INTEGER,
      1e-300,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, '8', true, [], {}) },
);
/** Absent (the default applies) two times in three. */
const optional = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(value, { freq: 3, nil: undefined });
const ropeScaling = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      rope_type: fc.constantFrom<unknown>('llama3', 'linear', 'yarn', 'default', 3),
      type: fc.constantFrom<unknown>('llama3', 'dynamic'),
      factor: number,
      low_freq_factor: number,
      high_freq_factor: number,
      original_max_position_embeddings: number,
      rope_theta: number,
    },
    { requiredKeys: [] },
  ),
  number,
);

/** A config with every field a decoder or head config reads, each present or not, odd or not. */
const config = fc.record(
  {
    model_type: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom<unknown>('llama', 'mistral', 'qwen2', 'qwen3') },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('gpt2', 3) },
    ),
    hidden_size: number,
    intermediate_size: number,
    num_hidden_layers: fc.oneof(fc.constant(1), number),
    num_attention_heads: number,
    num_key_value_heads: optional(number),
    head_dim: optional(number),
    vocab_size: number,
    draft_vocab_size: optional(number),
    max_position_embeddings: number,
    rope_theta: optional(number),
    rms_norm_eps: optional(number),
    tie_word_embeddings: optional(fc.constantFrom<unknown>(true, false, 'yes')),
    attention_bias: optional(fc.constantFrom<unknown>(true, false, 1)),
    mlp_bias: optional(fc.constantFrom<unknown>(true, false)),
    hidden_act: optional(fc.constantFrom<unknown>('silu', 'gelu', 4)),
    rope_scaling: optional(ropeScaling),
    rope_parameters: optional(ropeScaling),
    sliding_window: optional(number),
    use_sliding_window: optional(fc.constantFrom<unknown>(true, false)),
    max_window_layers: optional(number),
    layer_types: optional(
      fc.oneof(
        fc.array(fc.constantFrom<unknown>('full_attention', 'sliding_attention', 7), {
          maxLength: 3,
        }),
        number,
      ),
    ),
    target_hidden_size: optional(number),
    eagle_config: optional(
      fc.oneof(
        fc.record({
          eagle_aux_hidden_state_layer_ids: fc.oneof(fc.array(number, { maxLength: 4 }), number),
        }),
        number,
      ),
    ),
    confu: optional(
      fc.oneof(
        fc.record(
          {
            soft_prompt_length: number,
            mode: fc.constantFrom<unknown>('moe', 'static', 'dense', 1),
            num_experts: number,
            top_k: number,
          },
          { requiredKeys: [] },
        ),
        number,
      ),
    ),
  },
  {
    requiredKeys: [
      'model_type',
      'hidden_size',
      'intermediate_size',
      'num_hidden_layers',
      'num_attention_heads',
      'vocab_size',
      'max_position_embeddings',
    ],
  },
);

/** `parseHuggingFaceConfig` and the draft-head config parser (through `loadDraftHead`). */
export const configsTarget = fuzzTarget({
  name: 'configs',
  arbitrary: fc.oneof(
    { weight: 9, arbitrary: config },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), {
        maxKeys: 6,
      }),
    },
  ),
  async run(json) {
    let decoder: unknown;
    try {
      parseHuggingFaceConfig(json as Record<string, unknown>, 'fuzz/config.json');
    } catch (error) {
      decoder = error;
    }
    const source = createMemoryFileSource({
      'config.json': new TextEncoder().encode(JSON.stringify(json)),
    });
    // No weights: a head config that parses ends with FILE_NOT_FOUND for model.safetensors.
    const head = await loadDraftHead(source).then(
      () => undefined,
      (error: unknown) =>
        ConfuError.isInstance(error) && error.code === 'FILE_NOT_FOUND' ? undefined : error,
    );
    const raw = [decoder, head].find(
      (error) => error !== undefined && !ConfuError.isInstance(error),
    );
    if (raw !== undefined) throw raw;
    if (decoder !== undefined && head !== undefined) throw decoder;
  },
  describe: (json) => JSON.stringify(json).slice(0, 600),
});
