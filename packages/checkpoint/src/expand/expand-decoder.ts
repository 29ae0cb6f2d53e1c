import { ConfuError } from '@confu/errors';
import type { DecoderConfig, DecoderWeights, LayerWeights } from '../decoder/decoder-weights.js';
import type { ExpandShape } from './expand-shapes.js';
import { createExpansionMap } from './expansion-map.js';
import type { ExpansionMap } from './expansion-map.js';
import { padVector, remapMatrix } from './remap-matrix.js';

/** One tensor of an expanded checkpoint, built when it is written (one at a time). */
export interface LazyTensor {
  /** Hugging Face name, e.g. `model.layers.3.self_attn.q_proj.weight`. */
  readonly name: string;
  readonly shape: readonly number[];
  build(): Float32Array;
}

/** An expanded decoder: its config, the tap layers it must keep, and its tensors. */
export interface ExpandedDecoder {
  readonly config: DecoderConfig;
  /** The original model's tap layers: the expanded model's default taps point elsewhere. */
  readonly tapLayers: readonly number[];
  readonly tensors: readonly LazyTensor[];
  readonly map: ExpansionMap;
}

/**
 * Expands a Llama-family decoder to `shape` so that it computes the same function
 * (docs/realistic-targets.md): real dims, heads, units and layers first, zeros elsewhere, norms
 * rescaled, queries scaled for the larger head dim. Logits of ids beyond the original vocabulary
 * are 0: the tokenizer never produces those ids, and decoding must never pick them.
 * @throws ConfuError `INVALID_ARGUMENT` (see {@link createExpansionMap}), `UNSUPPORTED` for q/k
 * norms (their epsilon cannot be rescaled together with the hidden norms').
 */
export function expandDecoder(
  weights: DecoderWeights,
  shape: ExpandShape,
  tapLayers: readonly number[],
): ExpandedDecoder {
  const { config } = weights;
  if (config.qkNorm) {
    throw new ConfuError('UNSUPPORTED', 'expand does not support q/k norms (Qwen3-style models)');
  }
  const map = createExpansionMap(config, shape, 'the model');
  const { hiddenSize: h, intermediateSize: I, numHeads: H, numKvHeads: KV, headDim: d } = config;
  const to = shape;
  const h2 = to.hiddenSize;
  const qRows = to.numHeads * to.headDim;
  const kvRows = to.numKvHeads * to.headDim;
  const tensors: LazyTensor[] = [];
  const add = (name: string, dims: readonly number[], build: () => Float32Array): void => {
    tensors.push({ name, shape: dims, build });
  };
  const norm = (vector: Float32Array | undefined) => (): Float32Array =>
    vector ? padVector(vector, h2, map.normScale) : new Float32Array(h2);
  const bias =
    (vector: Float32Array | undefined, rows: number, at: (row: number) => number, scale = 1) =>
    (): Float32Array => {
      const out = new Float32Array(rows);
      vector?.forEach((value, row) => (out[at(row)] = value * scale));
      return out;
    };

  add('model.embed_tokens.weight', [to.vocabSize, h2], () =>
    remapMatrix(
      weights.embedding,
      { rows: config.vocabSize, cols: h },
      { rows: to.vocabSize, cols: h2 },
      {},
    ),
  );
  for (let layer = 0; layer < to.numLayers; layer++) {
    const real: LayerWeights | undefined = weights.layers[layer];
    const prefix = `model.layers.${layer}`;
    const matrix =
      (
        source: Float32Array | undefined,
        rows: number,
        cols: number,
        out: { rows: number; cols: number },
        at: { row?: (row: number) => number; col?: (col: number) => number },
        scale = 1,
      ) =>
      (): Float32Array =>
        source
          ? remapMatrix(source, { rows, cols }, out, at, scale)
          : new Float32Array(out.rows * out.cols);
    add(`${prefix}.input_layernorm.weight`, [h2], norm(real?.attentionNorm));
    add(
      `${prefix}.self_attn.q_proj.weight`,
      [qRows, h2],
      matrix(real?.wq, H * d, h, { rows: qRows, cols: h2 }, { row: map.qRow }, map.queryScale),
    );
    add(
      `${prefix}.self_attn.k_proj.weight`,
      [kvRows, h2],
      matrix(real?.wk, KV * d, h, { rows: kvRows, cols: h2 }, { row: map.kvRow }),
    );
    add(
      `${prefix}.self_attn.v_proj.weight`,
      [kvRows, h2],
      matrix(real?.wv, KV * d, h, { rows: kvRows, cols: h2 }, { row: map.kvRow }),
    );
    if (config.qkvBias) {
      add(
        `${prefix}.self_attn.q_proj.bias`,
        [qRows],
        bias(real?.bq, qRows, map.qRow, map.queryScale),
      );
      add(`${prefix}.self_attn.k_proj.bias`, [kvRows], bias(real?.bk, kvRows, map.kvRow));
      add(`${prefix}.self_attn.v_proj.bias`, [kvRows], bias(real?.bv, kvRows, map.kvRow));
    }
    add(
      `${prefix}.self_attn.o_proj.weight`,
      [h2, qRows],
      matrix(real?.wo, h, H * d, { rows: h2, cols: qRows }, { col: map.qRow }),
    );
    add(`${prefix}.post_attention_layernorm.weight`, [h2], norm(real?.mlpNorm));
    add(
      `${prefix}.mlp.gate_proj.weight`,
      [to.intermediateSize, h2],
      matrix(real?.wGate, I, h, { rows: to.intermediateSize, cols: h2 }, {}),
    );
    add(
      `${prefix}.mlp.up_proj.weight`,
      [to.intermediateSize, h2],
      matrix(real?.wUp, I, h, { rows: to.intermediateSize, cols: h2 }, {}),
    );
    add(
      `${prefix}.mlp.down_proj.weight`,
      [h2, to.intermediateSize],
      matrix(real?.wDown, h, I, { rows: h2, cols: to.intermediateSize }, {}),
    );
  }
  add('model.norm.weight', [h2], norm(weights.finalNorm));
  if (!config.tiedEmbeddings) {
    const lmHead = weights.lmHead as Float32Array;
    add('lm_head.weight', [to.vocabSize, h2], () =>
      remapMatrix(
        lmHead,
        { rows: config.vocabSize, cols: h },
        { rows: to.vocabSize, cols: h2 },
        {},
      ),
    );
  }
  return {
    config: {
      ...config,
      hiddenSize: h2,
      intermediateSize: to.intermediateSize,
      numLayers: to.numLayers,
      numHeads: to.numHeads,
      numKvHeads: to.numKvHeads,
      headDim: to.headDim,
      vocabSize: to.vocabSize,
      rmsNormEps: config.rmsNormEps * map.epsScale,
    },
    tapLayers: [...tapLayers],
    tensors,
    map,
  };
}

/** The expanded decoder in memory (tests, small shapes): every tensor built at once. */
export function expandedWeights(expanded: ExpandedDecoder, base: DecoderWeights): DecoderWeights {
  const byName = new Map(expanded.tensors.map((tensor) => [tensor.name, tensor]));
  const get = (name: string): Float32Array => {
    const tensor = byName.get(name);
    if (!tensor) throw new ConfuError('INVALID_ARGUMENT', `expanded tensor ${name} is missing`);
    return tensor.build();
  };
  const optional = (name: string): Float32Array | undefined => byName.get(name)?.build();
  const layers = Array.from({ length: expanded.config.numLayers }, (_, layer): LayerWeights => {
    const at = (name: string) => `model.layers.${layer}.${name}`;
    const bq = optional(at('self_attn.q_proj.bias'));
    const bk = optional(at('self_attn.k_proj.bias'));
    const bv = optional(at('self_attn.v_proj.bias'));
    return {
      attentionNorm: get(at('input_layernorm.weight')),
      wq: get(at('self_attn.q_proj.weight')),
      wk: get(at('self_attn.k_proj.weight')),
      wv: get(at('self_attn.v_proj.weight')),
      wo: get(at('self_attn.o_proj.weight')),
      ...(bq && bk && bv ? { bq, bk, bv } : {}),
      mlpNorm: get(at('post_attention_layernorm.weight')),
      wGate: get(at('mlp.gate_proj.weight')),
      wUp: get(at('mlp.up_proj.weight')),
      wDown: get(at('mlp.down_proj.weight')),
    };
  });
  const lmHead = optional('lm_head.weight');
  const { lmHead: _dropped, ...rest } = base;
  return {
    ...rest,
    config: expanded.config,
    embedding: get('model.embed_tokens.weight'),
    layers,
    finalNorm: get('model.norm.weight'),
    ...(lmHead ? { lmHead } : {}),
    tapLayers: expanded.tapLayers,
  };
}
