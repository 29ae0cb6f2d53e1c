import type { DecoderWeights } from '@confu/checkpoint';
import { ropeInverseFrequencies } from '../decoder/rope-frequencies.js';
import { resolveTapLayers } from '../decoder/tap-layers.js';
import { validateDecoderWeights } from '@confu/checkpoint';
import { attendOne } from './reference-attention.js';
import { addInPlace, applyRope, matVec, rmsNorm, swiglu } from './reference-math.js';
import { validateReferenceInput } from './validate-reference-input.js';

/**
 * One pass of {@link referenceForward}: `N = S + E` new rows over `P` past rows — `S` token rows
 * followed by `E` extra embedding rows (the graph's `extra_embeds`).
 */
export interface ReferenceForwardInput {
  /** `S` token ids (exclusive with `embeds`; may be empty when `extraEmbeds` has rows). */
  readonly tokens?: readonly number[];
  /** `[S, h]` input embeddings (exclusive with `tokens`). */
  readonly embeds?: Float32Array;
  /** `[E, h]` embedding rows appended after the `S` token rows. Default none (`E = 0`). */
  readonly extraEmbeds?: Float32Array;
  /** `N` positions (a tree: `P + depth`). */
  readonly positions: readonly number[];
  /** `[N][P + N]`, true = attend; every row needs at least one true. */
  readonly mask: readonly (readonly boolean[])[];
  /** Per layer `[P, KVH·D]` rows (keys already rotated), e.g. `KvCache` views. Default none. */
  readonly past?: {
    readonly keys: readonly Float32Array[];
    readonly values: readonly Float32Array[];
  };
  /** Default: the tap layers the weights record, else `defaultTapLayers(L)`. */
  readonly tapLayers?: readonly number[];
}

/** The same tensors as the graph outputs, without the batch dimension; `N` rows each. */
export interface ReferenceForwardOutput {
  /** `[N, V]` */
  readonly logits: Float32Array;
  /** Per layer `[N, KVH·D]`, rotated. */
  readonly newKeys: Float32Array[];
  /** Per layer `[N, KVH·D]`. */
  readonly newValues: Float32Array[];
  /** `[N, n·h]`: hidden states entering the tap layers, low → high. */
  readonly hiddenTaps: Float32Array;
}

/**
 * Pure-TypeScript forward pass with float64 activations and accumulation, with exactly the graph's
 * semantics (docs/architecture/target-graph.md). The correctness oracle; slow by design.
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent weights or inputs.
 */
export function referenceForward(
  weights: DecoderWeights,
  input: ReferenceForwardInput,
): ReferenceForwardOutput {
  validateDecoderWeights(weights);
  const { config } = weights;
  const { hiddenSize: h, numKvHeads: KVH, headDim: D, vocabSize: V, rmsNormEps: eps } = config;
  const { count: S, past: P, tokenRows } = validateReferenceInput(config, input);
  const tapLayers = resolveTapLayers(config.numLayers, input.tapLayers ?? weights.tapLayers);
  const kvWidth = KVH * D;
  const inverseFrequencies = ropeInverseFrequencies(config);
  const rope = input.positions.map((position) => ({
    cos: inverseFrequencies.map((frequency) => Math.cos(position * frequency)),
    sin: inverseFrequencies.map((frequency) => Math.sin(position * frequency)),
  }));

  const rowOf = (array: Float32Array, row: number): Float64Array =>
    Float64Array.from(array.subarray(row * h, (row + 1) * h));
  let hidden = Array.from({ length: S }, (_, s) => {
    if (s >= tokenRows) return rowOf(input.extraEmbeds as Float32Array, s - tokenRows);
    return input.tokens
      ? rowOf(weights.embedding, input.tokens[s] as number)
      : rowOf(input.embeds as Float32Array, s);
  });
  const hiddenTaps = new Float32Array(S * tapLayers.length * h);
  const newKeys: Float32Array[] = [];
  const newValues: Float32Array[] = [];

  weights.layers.forEach((layer, index) => {
    tapLayers.forEach((tap, slot) => {
      if (tap !== index) return;
      hidden.forEach((x, s) => hiddenTaps.set(x, (s * tapLayers.length + slot) * h));
    });
    // Layer-major: all new keys exist before any token attends, as in the graph.
    const queries: Float64Array[] = [];
    const keys = new Float32Array(S * kvWidth);
    const values = new Float32Array(S * kvWidth);
    hidden.forEach((x, s) => {
      const normed = rmsNorm(x, layer.attentionNorm, eps);
      let q = matVec(layer.wq, normed, layer.bq);
      let k = matVec(layer.wk, normed, layer.bk);
      const v = matVec(layer.wv, normed, layer.bv);
      if (config.qkNorm && layer.qNorm && layer.kNorm) {
        q = rmsNorm(q, layer.qNorm, eps, D);
        k = rmsNorm(k, layer.kNorm, eps, D);
      }
      const { cos, sin } = rope[s] as { cos: Float64Array; sin: Float64Array };
      applyRope(q, D, cos, sin);
      applyRope(k, D, cos, sin);
      queries.push(q);
      keys.set(k, s * kvWidth);
      values.set(v, s * kvWidth);
    });
    const rows = (past: Float32Array | undefined, current: Float32Array): Float32Array[] => [
      ...Array.from({ length: P }, (_, t) =>
        (past as Float32Array).subarray(t * kvWidth, (t + 1) * kvWidth),
      ),
      ...Array.from({ length: S }, (_, t) => current.subarray(t * kvWidth, (t + 1) * kvWidth)),
    ];
    const visibleRows = {
      keys: rows(input.past?.keys[index], keys),
      values: rows(input.past?.values[index], values),
    };
    hidden = hidden.map((x, s) => {
      const attended = attendOne(
        queries[s] as Float64Array,
        visibleRows,
        input.mask[s] as boolean[],
        config,
      );
      const residual = Float64Array.from(x);
      addInPlace(residual, matVec(layer.wo, attended));
      const normed = rmsNorm(residual, layer.mlpNorm, eps);
      const gate = matVec(layer.wGate, normed);
      const up = matVec(layer.wUp, normed);
      addInPlace(residual, matVec(layer.wDown, swiglu(gate, up)));
      return residual;
    });
    newKeys.push(keys);
    newValues.push(values);
  });

  const head = weights.lmHead ?? weights.embedding;
  const logits = new Float32Array(S * V);
  hidden.forEach((x, s) => logits.set(matVec(head, rmsNorm(x, weights.finalNorm, eps)), s * V));
  return { logits, newKeys, newValues, hiddenTaps };
}
