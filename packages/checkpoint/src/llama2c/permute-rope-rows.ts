/**
 * Reorders the rows of a `[heads·D, cols]` projection from interleaved RoPE pairs `(2i, 2i+1)` to
 * rotate_half pairs `(i, i + D/2)`, head by head, as HF's `convert_llama_weights_to_hf.py` does.
 * Applied to both `wq` and `wk`, attention scores are unchanged.
 */
export function permuteRopeRows(
  weight: Float32Array,
  heads: number,
  headDim: number,
  cols: number,
): Float32Array {
  const out = new Float32Array(weight.length);
  const half = headDim / 2;
  for (let head = 0; head < heads; head++) {
    for (let i = 0; i < half; i++) {
      for (let part = 0; part < 2; part++) {
        const from = (head * headDim + 2 * i + part) * cols;
        const to = (head * headDim + part * half + i) * cols;
        out.set(weight.subarray(from, from + cols), to);
      }
    }
  }
  return out;
}
