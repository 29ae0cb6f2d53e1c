/**
 * Reorders the rows of a `[heads·D, cols]` projection from rotate_half RoPE pairs `(i, i + D/2)`
 * (confu's and Hugging Face's layout) to interleaved pairs `(2i, 2i+1)`, the layout llama.cpp's
 * `llama` architecture expects: convert_hf_to_gguf.py `LlamaModel.permute`
 * (`reshape(heads, 2, D/2, cols).swapaxes(1, 2)`). The inverse of @confu/checkpoint's `permuteRopeRows`.
 */
export function interleaveRopeRows(
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
        const from = (head * headDim + part * half + i) * cols;
        const to = (head * headDim + 2 * i + part) * cols;
        out.set(weight.subarray(from, from + cols), to);
      }
    }
  }
  return out;
}
