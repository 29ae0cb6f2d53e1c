import type {
  CreateCacheOptions,
  DecoderInfo,
  ForwardInput,
  ForwardResult,
  ForwardRowsInput,
  KvCache,
  ModelSession,
  TargetModel,
  Tensor,
} from '@confu/core';
import { ConfuError } from '@confu/errors';
import { KvCache as ArrayKvCache, createTensor } from '@confu/runtime';
import { buildAttentionMask, chainParents, treeDepths, visibilityMask } from './attention-mask.js';

/**
 * A target decoder behind a {@link ModelSession}: builds the feeds of the graph contract
 * (positions = committed + depth, mask over past + new) from a {@link KvCache}, and returns the
 * new rows for the caller to commit — all of them after a chain, the accepted path after a tree.
 */
export class CausalLm implements TargetModel {
  /** The given info, with `extraEmbeds` filled in from the session when it was absent. */
  readonly info: DecoderInfo & { readonly extraEmbeds: boolean };
  readonly #session: ModelSession;
  /** Output names per pass kind: `logits` or `argmax`, each ± `hidden_taps`. */
  readonly #outputs: Record<'logits' | 'argmax', { plain: string[]; taps: string[] }>;

  constructor(session: ModelSession, info: DecoderInfo) {
    if (info.inputs !== 'ids') {
      throw new ConfuError('UNSUPPORTED', 'CausalLm drives graphs built with `inputs: "ids"`');
    }
    const hasExtraEmbeds = session.inputNames.includes('extra_embeds');
    if (info.extraEmbeds !== undefined && info.extraEmbeds !== hasExtraEmbeds) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `info.extraEmbeds is ${info.extraEmbeds} but the session ${hasExtraEmbeds ? 'has' : 'lacks'} an \`extra_embeds\` input`,
      );
    }
    this.#session = session;
    this.info = { ...info, extraEmbeds: hasExtraEmbeds };
    const kv: string[] = [];
    for (let layer = 0; layer < info.numLayers; layer++) {
      kv.push(`new_key_${layer}`, `new_value_${layer}`);
    }
    const names = (first: string) => ({
      plain: [first, ...kv],
      taps: [first, ...kv, 'hidden_taps'],
    });
    this.#outputs = { logits: names('logits'), argmax: names('argmax') };
  }

  /**
   * A cache sized for this model's context plus `reservedRows` prefix rows at the front.
   * @throws ConfuError `INVALID_ARGUMENT` for a negative or non-integer `reservedRows`.
   */
  createCache(options: CreateCacheOptions = {}): ArrayKvCache {
    const { numLayers, numKvHeads, headDim, contextLength } = this.info;
    const reservedRows = options.reservedRows ?? 0;
    if (!Number.isInteger(reservedRows) || reservedRows < 0) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `\`reservedRows\` must be a non-negative integer, got ${reservedRows}`,
      );
    }
    return new ArrayKvCache({
      numLayers,
      rowSize: numKvHeads * headDim,
      maxLength: contextLength + reservedRows,
      reservedRows,
    });
  }

  /**
   * Runs the new tokens against the committed `cache`. The cache's reserved prefix rows stay
   * invisible and do not count as positions.
   */
  async forward(cache: KvCache, input: ForwardInput): Promise<ForwardResult> {
    const { tokens } = input;
    const parents = input.parents ?? chainParents(tokens.length);
    const past = cache.length;
    const reserved = cache.reservedRows;
    if (tokens.length === 0)
      throw new ConfuError('INVALID_ARGUMENT', 'forward needs at least one token');
    if (parents.length !== tokens.length) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `${parents.length} parents for ${tokens.length} tokens`,
      );
    }
    if (past < reserved) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `the cache holds ${past} rows but reserves ${reserved} for a prefix: append them first`,
      );
    }
    const committed = past - reserved;
    if (committed + tokens.length > this.info.contextLength) {
      throw new ConfuError(
        'CONTEXT_OVERFLOW',
        `${committed} committed + ${tokens.length} new tokens exceed the context of ${this.info.contextLength}`,
      );
    }
    this.#checkTokens(tokens);
    const depths = treeDepths(parents);
    return this.#run(cache, {
      tokens,
      extraEmbeds: undefined,
      positions: depths.map((depth) => committed + depth),
      mask: buildAttentionMask(past, parents, this.info.maskType, reserved),
      taps: input.taps === true,
      outputs: input.outputs ?? 'logits',
      signal: input.signal,
    });
  }

  /**
   * Runs `tokens` followed by `extraEmbeds` rows with explicit positions and visibility over every
   * row of `cache` (reserved ones included) — the general pass behind drafters' extra rows
   * (`buildPassLayout`) and prefixes.
   * @throws ConfuError `INVALID_ARGUMENT` for inconsistent shapes, bad tokens or a row that sees
   * nothing; `CONTEXT_OVERFLOW` for a position beyond the context; `UNSUPPORTED` for extra rows on a
   * graph without `extra_embeds`.
   */
  async forwardRows(cache: KvCache, input: ForwardRowsInput): Promise<ForwardResult> {
    const { tokens, positions, visibility } = input;
    const { hiddenSize, contextLength } = this.info;
    const extraFloats = input.extraEmbeds?.length ?? 0;
    const extraRows = extraFloats / hiddenSize;
    if (!Number.isInteger(extraRows)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `\`extraEmbeds\` has ${extraFloats} floats, not a multiple of the hidden size ${hiddenSize}`,
      );
    }
    if (extraRows > 0 && !this.info.extraEmbeds) {
      throw new ConfuError(
        'UNSUPPORTED',
        'this graph has no `extra_embeds` input (rebuild it with `extraEmbeds: true`)',
      );
    }
    const rows = tokens.length + extraRows;
    if (rows === 0) throw new ConfuError('INVALID_ARGUMENT', 'forwardRows needs at least one row');
    if (positions.length !== rows) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `${positions.length} positions for ${tokens.length} tokens + ${extraRows} extra rows`,
      );
    }
    for (const position of positions) {
      if (!Number.isInteger(position) || position < 0)
        throw new ConfuError('INVALID_ARGUMENT', `position ${position} is not a valid index`);
      if (position >= contextLength) {
        throw new ConfuError(
          'CONTEXT_OVERFLOW',
          `position ${position} is beyond the context of ${contextLength}`,
        );
      }
    }
    const width = cache.length + rows;
    if (visibility.length !== rows * width) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `visibility has ${visibility.length} entries, expected ${rows}·${width} (rows × cache rows + rows)`,
      );
    }
    for (let row = 0; row < rows; row++) {
      if (!visibility.subarray(row * width, (row + 1) * width).some((value) => value !== 0))
        throw new ConfuError('INVALID_ARGUMENT', `visibility row ${row} sees no key`);
    }
    this.#checkTokens(tokens);
    return this.#run(cache, {
      tokens,
      extraEmbeds: input.extraEmbeds,
      positions,
      mask: visibilityMask(visibility, rows, width, this.info.maskType),
      taps: input.taps === true,
      outputs: input.outputs ?? 'logits',
      signal: input.signal,
    });
  }

  /** Commits the new rows of `result` (optionally only `rows`, e.g. an accepted tree path). */
  commit(cache: KvCache, result: ForwardResult, rows?: readonly number[]): void {
    cache.append(result.newKeys, result.newValues, rows ? { rows } : {});
  }

  /** Releases the session. */
  dispose(): Promise<void> {
    return this.#session.dispose();
  }

  #checkTokens(tokens: readonly number[]): void {
    for (const token of tokens) {
      if (!Number.isInteger(token) || token < 0 || token >= this.info.vocabSize) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `token id ${token} is outside the vocabulary of ${this.info.vocabSize}`,
        );
      }
    }
  }

  async #run(
    cache: KvCache,
    pass: {
      tokens: readonly number[];
      extraEmbeds: Float32Array | undefined;
      positions: readonly number[];
      mask: Tensor;
      taps: boolean;
      outputs: 'logits' | 'argmax';
      signal: AbortSignal | undefined;
    },
  ): Promise<ForwardResult> {
    const { numLayers, numKvHeads, headDim, hiddenSize } = this.info;
    const { tokens, positions } = pass;
    const past = cache.length;
    const feeds: Record<string, Tensor> = {
      input_ids: createTensor(
        'int64',
        BigInt64Array.from(tokens, (token) => BigInt(token)),
        [1, tokens.length],
      ),
      position_ids: createTensor(
        'int64',
        BigInt64Array.from(positions, (position) => BigInt(position)),
        [1, positions.length],
      ),
      attention_mask: pass.mask,
    };
    if (this.info.extraEmbeds) {
      // Plain passes feed an empty [1, 0, h] block: the input is required by the graph.
      const extra = pass.extraEmbeds ?? new Float32Array(0);
      feeds['extra_embeds'] = createTensor('float32', extra, [
        1,
        extra.length / hiddenSize,
        hiddenSize,
      ]);
    }
    for (let layer = 0; layer < numLayers; layer++) {
      const dims = [1, past, numKvHeads, headDim];
      feeds[`past_key_${layer}`] = createTensor('float32', cache.keys(layer), dims);
      feeds[`past_value_${layer}`] = createTensor('float32', cache.values(layer), dims);
    }
    const names = this.#outputs[pass.outputs];
    const result = await this.#session.run(feeds, {
      outputs: pass.taps ? names.taps : names.plain,
      ...(pass.signal ? { signal: pass.signal } : {}),
    });
    return this.#unpack(result, pass.taps, pass.outputs);
  }

  #unpack(
    result: Record<string, Tensor>,
    taps: boolean,
    outputs: 'logits' | 'argmax',
  ): ForwardResult {
    const float = (name: string): Float32Array => {
      const tensor = result[name];
      if (tensor?.dtype !== 'float32')
        throw new ConfuError('RUN_FAILED', `model output \`${name}\` is missing or not float32`);
      return tensor.data as Float32Array;
    };
    const newKeys: Float32Array[] = [];
    const newValues: Float32Array[] = [];
    for (let layer = 0; layer < this.info.numLayers; layer++) {
      newKeys.push(float(`new_key_${layer}`));
      newValues.push(float(`new_value_${layer}`));
    }
    const common = { newKeys, newValues, ...(taps ? { hiddenTaps: float('hidden_taps') } : {}) };
    if (outputs === 'logits') return { logits: float('logits'), ...common };
    const ids = result['argmax'];
    if (ids?.dtype !== 'int64') {
      throw new ConfuError('RUN_FAILED', 'model output `argmax` is missing or not int64');
    }
    return {
      logits: new Float32Array(0),
      argmax: Int32Array.from(ids.data as BigInt64Array, Number),
      ...common,
    };
  }
}
