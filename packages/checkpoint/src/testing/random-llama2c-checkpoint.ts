import { llama2cFloatCount, readLlama2cHeader } from '../llama2c/llama2c-header.js';
import { randomFloats } from './random-decoder-weights.js';

/** `dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len`. */
export type Llama2cHeaderFields = [number, number, number, number, number, number, number];

/**
 * A llama2.c (v0) checkpoint of seeded random floats in [-0.5, 0.5) with the given header
 * (a negative `vocab_size` means an untied classifier); `extraFloats` appends trailing garbage.
 */
export function randomLlama2cCheckpoint(
  fields: Llama2cHeaderFields,
  extraFloats = 0,
  seed = 1,
): Uint8Array {
  const header = Int32Array.from(fields);
  const floats =
    llama2cFloatCount(readLlama2cHeader(new Uint8Array(header.buffer), 'x')) + extraFloats;
  const bytes = new Uint8Array(28 + 4 * floats);
  bytes.set(new Uint8Array(header.buffer));
  new Float32Array(bytes.buffer, 28).set(randomFloats(floats, seed, 0.5));
  return bytes;
}
