import {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
} from '../safetensors/half-precision.js';
import { writeSafetensors } from '../safetensors/write-safetensors.js';
import type { SafetensorsTensorInput } from '../safetensors/write-safetensors.js';

/** A small Llama config.json; other families override fields. */
export const llamaConfig = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 16,
  intermediate_size: 24,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 32,
  max_position_embeddings: 64,
  rms_norm_eps: 1e-5,
  rope_theta: 500000,
  hidden_act: 'silu',
  tie_word_embeddings: false,
  bos_token_id: 1,
  eos_token_id: 2,
} as const;

export type TestConfig = Record<string, unknown>;

/**
 * The transformers tensor names and shapes of a config, written out independently of the
 * importer so that a naming bug there cannot hide in the fixture.
 */
export function hfTensorShapes(config: TestConfig): Map<string, number[]> {
  const n = (key: string): number => config[key] as number;
  const h = n('hidden_size');
  const heads = n('num_attention_heads');
  const kvHeads = (config['num_key_value_heads'] as number | undefined) ?? heads;
  const d = (config['head_dim'] as number | undefined) ?? h / heads;
  const i = n('intermediate_size');
  const v = n('vocab_size');
  const shapes = new Map<string, number[]>([
    ['model.embed_tokens.weight', [v, h]],
    ['model.norm.weight', [h]],
  ]);
  if (config['tie_word_embeddings'] !== true) shapes.set('lm_head.weight', [v, h]);
  for (let layer = 0; layer < n('num_hidden_layers'); layer++) {
    const p = `model.layers.${layer}.`;
    shapes.set(`${p}input_layernorm.weight`, [h]);
    shapes.set(`${p}self_attn.q_proj.weight`, [heads * d, h]);
    shapes.set(`${p}self_attn.k_proj.weight`, [kvHeads * d, h]);
    shapes.set(`${p}self_attn.v_proj.weight`, [kvHeads * d, h]);
    shapes.set(`${p}self_attn.o_proj.weight`, [h, heads * d]);
    if (config['model_type'] === 'qwen2' || config['attention_bias'] === true) {
      shapes.set(`${p}self_attn.q_proj.bias`, [heads * d]);
      shapes.set(`${p}self_attn.k_proj.bias`, [kvHeads * d]);
      shapes.set(`${p}self_attn.v_proj.bias`, [kvHeads * d]);
    }
    if (config['model_type'] === 'qwen3') {
      shapes.set(`${p}self_attn.q_norm.weight`, [d]);
      shapes.set(`${p}self_attn.k_norm.weight`, [d]);
    }
    shapes.set(`${p}post_attention_layernorm.weight`, [h]);
    shapes.set(`${p}mlp.gate_proj.weight`, [i, h]);
    shapes.set(`${p}mlp.up_proj.weight`, [i, h]);
    shapes.set(`${p}mlp.down_proj.weight`, [h, i]);
  }
  return shapes;
}

/** Options of {@link makeCheckpoint}. */
export interface TestCheckpointOptions {
  readonly config: TestConfig;
  readonly dtype?: 'F32' | 'F16' | 'BF16';
  /** Number of shards; 1 (default) writes `model.safetensors`. */
  readonly shards?: number;
  readonly seed?: number;
  /** Edits the tensors (add, drop, reshape) before they are written. */
  readonly edit?: (tensors: Record<string, SafetensorsTensorInput>) => void;
  /** Extra files (tokenizer.json, ...). */
  readonly files?: Record<string, Uint8Array>;
}

/** A written checkpoint and, per tensor, the values it should read back. */
export interface TestCheckpoint {
  readonly files: Record<string, Uint8Array>;
  /** Values as stored (after F16/BF16 rounding). */
  readonly stored: Map<string, Float32Array>;
  /** Values before rounding. */
  readonly original: Map<string, Float32Array>;
}

const encoder = new TextEncoder();

/** Writes a random-weight checkpoint for `config` as transformers would lay it out. */
export function makeCheckpoint(options: TestCheckpointOptions): TestCheckpoint {
  const { config, dtype = 'F32', shards = 1 } = options;
  let seed = options.seed ?? 1;
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 31 - 1;
  };
  const original = new Map<string, Float32Array>();
  const stored = new Map<string, Float32Array>();
  const tensors: Record<string, SafetensorsTensorInput> = {};
  for (const [name, shape] of hfTensorShapes(config)) {
    const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, random);
    original.set(name, values);
    stored.set(name, roundTo(dtype, values));
    tensors[name] = { dtype, shape, data: values };
  }
  options.edit?.(tensors);
  const files: Record<string, Uint8Array> = {
    'config.json': encoder.encode(JSON.stringify(config)),
    ...options.files,
  };
  if (shards === 1) {
    files['model.safetensors'] = writeSafetensors(tensors, { format: 'pt' });
    return { files, stored, original };
  }
  const names = Object.keys(tensors);
  const weightMap: Record<string, string> = {};
  for (let shard = 0; shard < shards; shard++) {
    const file = `model-${String(shard + 1).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
    const part: Record<string, SafetensorsTensorInput> = {};
    names.forEach((name, index) => {
      const tensor = tensors[name];
      if (index % shards !== shard || !tensor) return;
      part[name] = tensor;
      weightMap[name] = file;
    });
    files[file] = writeSafetensors(part, { format: 'pt' });
  }
  files['model.safetensors.index.json'] = encoder.encode(
    JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }),
  );
  return { files, stored, original };
}

function roundTo(dtype: 'F32' | 'F16' | 'BF16', values: Float32Array): Float32Array {
  if (dtype === 'F16') return float16ToFloat32(float32ToFloat16(values));
  if (dtype === 'BF16') return bfloat16ToFloat32(float32ToBfloat16(values));
  return values;
}
