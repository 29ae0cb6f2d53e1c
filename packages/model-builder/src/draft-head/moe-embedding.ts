import { ConfuError } from '@confu/errors';

/**
 * ConFu's dynamic token embedding (confu-spec.md §7.5, §8 row 6): gates
 * `g = softmax(W_router · input)` over the experts, the `topK` largest (ties: lower index), gates
 * renormalised over those, and `Σ g_i · experts[i]`. Float64 arithmetic.
 * @param routerWeight - `[nE, in]`, PyTorch `Linear` layout.
 * @param experts - `[nE, h]` expert embeddings.
 * @param input - `[in]` router input (taps `[3h]` for `[con]`, the draft hidden state `[h]` for `[f]`).
 * @returns `[h]`
 * @throws ConfuError `INVALID_ARGUMENT` when shapes disagree or `topK` is outside `[1, nE]`.
 */
export function moeEmbedding(
  routerWeight: Float32Array,
  experts: Float32Array,
  input: ArrayLike<number>,
  topK: number,
): Float32Array {
  const width = input.length;
  const count = routerWeight.length / width;
  const h = experts.length / count;
  if (width === 0 || !Number.isInteger(count) || count === 0 || !Number.isInteger(h)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `moeEmbedding: router of ${routerWeight.length} floats, input of ${width} and experts of ${experts.length} do not fit [nE, in], [in], [nE, h]`,
    );
  }
  if (!Number.isInteger(topK) || topK < 1 || topK > count) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `moeEmbedding: topK must be in [1, ${count}], got ${topK}`,
    );
  }
  const scores = Array.from({ length: count }, (_, expert) => {
    let sum = 0;
    for (let i = 0; i < width; i++)
      sum += (routerWeight[expert * width + i] as number) * (input[i] as number);
    return sum;
  });
  // Softmax then renormalising over the selected = softmax over the selected scores alone.
  const selected = scores
    .map((score, expert) => ({ score, expert }))
    .sort((a, b) => b.score - a.score || a.expert - b.expert)
    .slice(0, topK);
  const max = (selected[0] as { score: number }).score;
  const weights = selected.map(({ score }) => Math.exp(score - max));
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(h);
  selected.forEach(({ expert }, rank) => {
    const gate = (weights[rank] as number) / total;
    for (let i = 0; i < h; i++)
      out[i] = (out[i] as number) + gate * (experts[expert * h + i] as number);
  });
  return Float32Array.from(out);
}
