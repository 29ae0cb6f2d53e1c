import { ConfuError } from '@confu/errors';
import type { ConfuWeights, Eagle3HeadWeights } from '../draft-head/draft-head-weights.js';
import type { ExpansionMap } from './expansion-map.js';
import { createExpansionMap } from './expansion-map.js';
import { padVector, remapMatrix } from './remap-matrix.js';

/** Options of {@link expandDraftHead}. */
export interface ExpandDraftHeadOptions {
  /** The expanded target's map (from {@link expandDecoder}). */
  readonly target: ExpansionMap;
  /** Draft vocabulary after padding (≥ the head's, ≤ the expanded target vocabulary). */
  readonly draftVocabSize: number;
  /** Tap layers of the original target, recorded in the head config. */
  readonly tapLayers: readonly number[];
}

/**
 * Expands an EAGLE-3 or ConFu head with its target (docs/realistic-targets.md §9): the head's
 * attention and MLP take the expanded target's shape, `fc` maps each tap block like the residual,
 * the `2h` layer input maps block-wise, ConFu vectors are zero-padded residual vectors. The draft
 * vocabulary is padded to `draftVocabSize` with rows of zeros mapped to target ids past the
 * original vocabulary — ids the tokenizer never produces, which decoding never proposes.
 * @throws ConfuError `INVALID_ARGUMENT` for a head of another target, a draft vocabulary smaller
 * than the head's or larger than the target's, or too few target ids to map the padding to.
 */
export function expandDraftHead(
  head: Eagle3HeadWeights,
  options: ExpandDraftHeadOptions,
): Eagle3HeadWeights {
  const { config } = head;
  const target = options.target;
  const V = target.from.vocabSize;
  const V2 = target.to.vocabSize;
  if (config.hiddenSize !== target.from.hiddenSize || config.vocabSize !== V) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `the draft head is for a target of hidden size ${config.hiddenSize} and vocabulary ${config.vocabSize}, not this model's ${target.from.hiddenSize} and ${V}`,
    );
  }
  const Vd = config.draftVocabSize;
  const Vd2 = options.draftVocabSize;
  if (!Number.isInteger(Vd2) || Vd2 < Vd || Vd2 > V2) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--draft-vocab must be an integer in [${Vd}, ${V2}] (the head's draft vocabulary to the expanded target vocabulary), got ${Vd2}`,
    );
  }
  if (V + (Vd2 - Vd) > V2) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--draft-vocab ${Vd2}: ${Vd2 - Vd} padded draft ids need as many target ids past ${V}, but the target vocabulary is ${V2}`,
    );
  }
  const to = target.to;
  const map = createExpansionMap(
    { ...config, numLayers: 1, vocabSize: V },
    { ...to, numLayers: 1 },
    'the draft head',
  );
  const h = config.hiddenSize;
  const h2 = to.hiddenSize;
  const { numHeads: H, numKvHeads: KV, headDim: d, intermediateSize: I } = config;
  const qRows = to.numHeads * to.headDim;
  const kvRows = to.numKvHeads * to.headDim;
  const norm = (vector: Float32Array): Float32Array => padVector(vector, h2, map.normScale);
  // Blocks of `h` real dims inside blocks of `h'`: the 2h layer input, the 3h taps.
  const blocks = (col: number): number => Math.floor(col / h) * h2 + (col % h);
  const matrix = (
    source: Float32Array,
    rows: number,
    cols: number,
    out: { rows: number; cols: number },
    at: { row?: (row: number) => number; col?: (col: number) => number },
    scale = 1,
  ): Float32Array => remapMatrix(source, { rows, cols }, out, at, scale);

  const d2t = new BigInt64Array(Vd2);
  d2t.set(head.d2t);
  const t2d = new Uint8Array(V2);
  t2d.set(head.t2d);
  for (let id = Vd; id < Vd2; id++) {
    const targetId = V + (id - Vd);
    d2t[id] = BigInt(targetId - id);
    t2d[targetId] = 1;
  }
  return {
    config: {
      ...config,
      hiddenSize: h2,
      numHeads: to.numHeads,
      numKvHeads: to.numKvHeads,
      headDim: to.headDim,
      intermediateSize: to.intermediateSize,
      rmsNormEps: config.rmsNormEps * map.epsScale,
      vocabSize: V2,
      draftVocabSize: Vd2,
      tapLayers: [...options.tapLayers],
    },
    fc: matrix(head.fc, h, 3 * h, { rows: h2, cols: 3 * h2 }, { col: blocks }),
    inputLayernorm: norm(head.inputLayernorm),
    hiddenNorm: norm(head.hiddenNorm),
    wq: matrix(
      head.wq,
      H * d,
      2 * h,
      { rows: qRows, cols: 2 * h2 },
      { row: map.qRow, col: blocks },
      map.queryScale,
    ),
    wk: matrix(
      head.wk,
      KV * d,
      2 * h,
      { rows: kvRows, cols: 2 * h2 },
      { row: map.kvRow, col: blocks },
    ),
    wv: matrix(
      head.wv,
      KV * d,
      2 * h,
      { rows: kvRows, cols: 2 * h2 },
      { row: map.kvRow, col: blocks },
    ),
    wo: matrix(head.wo, h, H * d, { rows: h2, cols: qRows }, { col: map.qRow }),
    postAttentionLayernorm: norm(head.postAttentionLayernorm),
    wGate: matrix(head.wGate, I, h, { rows: to.intermediateSize, cols: h2 }, {}),
    wUp: matrix(head.wUp, I, h, { rows: to.intermediateSize, cols: h2 }, {}),
    wDown: matrix(head.wDown, h, I, { rows: h2, cols: to.intermediateSize }, {}),
    norm: norm(head.norm),
    lmHead: matrix(head.lmHead, Vd, h, { rows: Vd2, cols: h2 }, {}),
    d2t,
    t2d,
    ...(head.confu ? { confu: expandConfu(head.confu, h, h2, blocks) } : {}),
  };
}

/** ConFu vectors are residual vectors (zero-padded); the `[con]` router reads the 3h taps. */
function expandConfu(
  confu: ConfuWeights,
  h: number,
  h2: number,
  blocks: (col: number) => number,
): ConfuWeights {
  const rows = (
    source: Float32Array,
    width: number,
    outWidth: number,
    col?: (col: number) => number,
  ) =>
    remapMatrix(
      source,
      { rows: source.length / width, cols: width },
      { rows: source.length / width, cols: outWidth },
      col ? { col } : {},
    );
  return {
    softPrompt: rows(confu.softPrompt, h, h2),
    ...(confu.conRouter ? { conRouter: rows(confu.conRouter, 3 * h, 3 * h2, blocks) } : {}),
    ...(confu.conExperts ? { conExperts: rows(confu.conExperts, h, h2) } : {}),
    ...(confu.fRouter ? { fRouter: rows(confu.fRouter, h, h2) } : {}),
    ...(confu.fExperts ? { fExperts: rows(confu.fExperts, h, h2) } : {}),
    ...(confu.conStatic ? { conStatic: padVector(confu.conStatic, h2) } : {}),
    ...(confu.fStatic ? { fStatic: padVector(confu.fStatic, h2) } : {}),
  };
}
