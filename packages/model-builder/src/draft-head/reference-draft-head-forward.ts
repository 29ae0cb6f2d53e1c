import { ropeInverseFrequencies } from '../decoder/rope-frequencies.js';
import { attendOne } from '../reference/reference-attention.js';
import { addInPlace, applyRope, matVec, rmsNorm, swiglu } from '../reference/reference-math.js';
import { headDecoderConfig, validateDraftHead } from '@confu/checkpoint';
import type { Eagle3HeadWeights } from '@confu/checkpoint';
import { validateHeadInput } from './validate-head-input.js';

/**
 * One pass of the head over `N = S + E` rows (the graph's inputs without the batch dimension).
 * Embedding rows: the `S` tokens, then the `E` `tokenEmbeds` rows. Feature rows: the `A` `taps`
 * rows (through `fc`), then the `B` `hidden` rows; `A + B = N`.
 */
export interface DraftHeadPass {
  readonly tokens: readonly number[];
  /** `[E, h]` extra embedding rows (ConFu's `[f]`). Default none. */
  readonly tokenEmbeds?: Float32Array;
  /** `[A, 3h]` target taps. Default none. */
  readonly taps?: Float32Array;
  /** `[B, h]` features used as they are (the head's own `hidden_out`). Default none. */
  readonly hidden?: Float32Array;
  /** `N` RoPE positions. */
  readonly positions: readonly number[];
  /** `[N][P + N]`, true = attend; every row needs at least one true. */
  readonly mask: readonly (readonly boolean[])[];
  /** `[P, KVH·D]` past rows (keys rotated). Default none. */
  readonly past?: { readonly keys: Float32Array; readonly values: Float32Array };
}

/** Outputs of a head pass, as the graph returns them without the batch dimension. */
export interface DraftHeadPassOutput {
  /** `[N, h]` layer output before the final norm (the next feature). */
  readonly hiddenOut: Float32Array;
  /** `[N, Vd]` */
  readonly logits: Float32Array;
  /** `[N, KVH·D]`, rotated. */
  readonly newKeys: Float32Array;
  /** `[N, KVH·D]` */
  readonly newValues: Float32Array;
}

/**
 * Pure-TypeScript head forward pass in float64, exactly EAGLE-3's `cnets.py` `Model` +
 * `LlamaDecoderLayeremb`: attention over `concat(input_layernorm(embedding), hidden_norm(feature))`,
 * residual = the un-normalised feature, then post-attention norm, SwiGLU MLP and residual.
 * The correctness oracle of {@link buildDraftHeadModel}; slow by design.
 * @param targetEmbedding - `[V, h]` the target's token embedding.
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent weights or inputs.
 */
export function referenceDraftHeadForward(
  head: Eagle3HeadWeights,
  targetEmbedding: Float32Array,
  pass: DraftHeadPass,
): DraftHeadPassOutput {
  validateDraftHead(head);
  const { config } = head;
  const { hiddenSize: h, numKvHeads: KVH, headDim: D, draftVocabSize: Vd } = config;
  const eps = config.rmsNormEps;
  const { rows: N, past: P, tapRows: A } = validateHeadInput(config, targetEmbedding, pass);
  const kvWidth = KVH * D;
  const slice = (array: Float32Array, row: number, width: number): Float64Array =>
    Float64Array.from(array.subarray(row * width, (row + 1) * width));
  const embeddings = Array.from({ length: N }, (_, row) =>
    row < pass.tokens.length
      ? slice(targetEmbedding, pass.tokens[row] as number, h)
      : slice(pass.tokenEmbeds as Float32Array, row - pass.tokens.length, h),
  );
  const features = Array.from({ length: N }, (_, row) =>
    row < A
      ? matVec(head.fc, slice(pass.taps as Float32Array, row, 3 * h))
      : slice(pass.hidden as Float32Array, row - A, h),
  );
  const inverse = ropeInverseFrequencies(headDecoderConfig(config));
  const queries: Float64Array[] = [];
  const newKeys = new Float32Array(N * kvWidth);
  const newValues = new Float32Array(N * kvWidth);
  for (let row = 0; row < N; row++) {
    const x = new Float64Array(2 * h);
    x.set(rmsNorm(embeddings[row] as Float64Array, head.inputLayernorm, eps));
    x.set(rmsNorm(features[row] as Float64Array, head.hiddenNorm, eps), h);
    const position = pass.positions[row] as number;
    const cos = inverse.map((frequency) => Math.cos(position * frequency));
    const sin = inverse.map((frequency) => Math.sin(position * frequency));
    const q = matVec(head.wq, x);
    const k = matVec(head.wk, x);
    applyRope(q, D, cos, sin);
    applyRope(k, D, cos, sin);
    queries.push(q);
    newKeys.set(k, row * kvWidth);
    newValues.set(matVec(head.wv, x), row * kvWidth);
  }
  const rowsOf = (past: Float32Array | undefined, current: Float32Array): Float32Array[] => [
    ...Array.from({ length: P }, (_, t) =>
      (past as Float32Array).subarray(t * kvWidth, (t + 1) * kvWidth),
    ),
    ...Array.from({ length: N }, (_, t) => current.subarray(t * kvWidth, (t + 1) * kvWidth)),
  ];
  const visibleRows = {
    keys: rowsOf(pass.past?.keys, newKeys),
    values: rowsOf(pass.past?.values, newValues),
  };
  const hiddenOut = new Float32Array(N * h);
  const logits = new Float32Array(N * Vd);
  for (let row = 0; row < N; row++) {
    const mask = pass.mask[row] as boolean[];
    const attended = attendOne(queries[row] as Float64Array, visibleRows, mask, config);
    const residual = Float64Array.from(features[row] as Float64Array);
    addInPlace(residual, matVec(head.wo, attended));
    const normed = rmsNorm(residual, head.postAttentionLayernorm, eps);
    addInPlace(
      residual,
      matVec(head.wDown, swiglu(matVec(head.wGate, normed), matVec(head.wUp, normed))),
    );
    hiddenOut.set(residual, row * h);
    logits.set(matVec(head.lmHead, rmsNorm(residual, head.norm, eps)), row * Vd);
  }
  return { hiddenOut, logits, newKeys, newValues };
}
