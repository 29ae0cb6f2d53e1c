import { ConfuError } from '@confu/errors';
import { KvCache, createTensor } from '@confu/runtime';
import type { ModelSession, Tensor } from '@confu/runtime';
import { buildAttentionMask, chainParents, treeDepths } from './attention-mask.js';
import type { ParentList } from './attention-mask.js';
import type { DecoderInfo } from './decoder-info.js';

/** One pass over new tokens. */
export interface ForwardInput {
  readonly tokens: readonly number[];
  /** Tree structure of the new tokens; default: a chain. */
  readonly parents?: ParentList;
  /** Fetch `hidden_taps` (drafters need them). Default false. */
  readonly taps?: boolean;
  readonly signal?: AbortSignal;
}

/** Outputs of one pass; new K/V rows are not yet committed to the cache. */
export interface ForwardResult {
  /** `[S, V]` row-major. */
  readonly logits: Float32Array;
  /** Per layer `[S, KVH·D]`. */
  readonly newKeys: readonly Float32Array[];
  readonly newValues: readonly Float32Array[];
  /** `[S, numTaps·h]` when requested. */
  readonly hiddenTaps?: Float32Array;
}

/**
 * A target decoder behind a {@link ModelSession}: builds the feeds of the graph contract
 * (positions = past + depth, mask over past + new) from a {@link KvCache}, and returns the new rows
 * for the caller to commit — all of them after a chain, the accepted path after a tree.
 */
export class CausalLm {
  readonly info: DecoderInfo;
  readonly #session: ModelSession;
  readonly #outputs: string[];

  constructor(session: ModelSession, info: DecoderInfo) {
    if (info.inputs !== 'ids') {
      throw new ConfuError('UNSUPPORTED', 'CausalLm drives graphs built with `inputs: "ids"`');
    }
    this.#session = session;
    this.info = info;
    this.#outputs = ['logits'];
    for (let layer = 0; layer < info.numLayers; layer++) {
      this.#outputs.push(`new_key_${layer}`, `new_value_${layer}`);
    }
  }

  /** A cache sized for this model's context. */
  createCache(): KvCache {
    const { numLayers, numKvHeads, headDim, contextLength } = this.info;
    return new KvCache({ numLayers, rowSize: numKvHeads * headDim, maxLength: contextLength });
  }

  /** Runs the new tokens against the committed `cache`. */
  async forward(cache: KvCache, input: ForwardInput): Promise<ForwardResult> {
    const { tokens } = input;
    const parents = input.parents ?? chainParents(tokens.length);
    const past = cache.length;
    if (tokens.length === 0)
      throw new ConfuError('INVALID_ARGUMENT', 'forward needs at least one token');
    if (past + tokens.length > this.info.contextLength) {
      throw new ConfuError(
        'CONTEXT_OVERFLOW',
        `${past} committed + ${tokens.length} new tokens exceed the context of ${this.info.contextLength}`,
      );
    }
    for (const token of tokens) {
      if (!Number.isInteger(token) || token < 0 || token >= this.info.vocabSize) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `token id ${token} is outside the vocabulary of ${this.info.vocabSize}`,
        );
      }
    }
    const depths = treeDepths(parents);
    const feeds = this.#feeds(cache, tokens, depths, parents);
    const outputs = input.taps ? [...this.#outputs, 'hidden_taps'] : this.#outputs;
    const result = await this.#session.run(feeds, {
      outputs,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    return this.#unpack(result, input.taps === true);
  }

  /** Commits the new rows of `result` (optionally only `rows`, e.g. an accepted tree path). */
  commit(cache: KvCache, result: ForwardResult, rows?: readonly number[]): void {
    cache.append(result.newKeys, result.newValues, rows ? { rows } : {});
  }

  /** Releases the session. */
  dispose(): Promise<void> {
    return this.#session.dispose();
  }

  #feeds(
    cache: KvCache,
    tokens: readonly number[],
    depths: number[],
    parents: ParentList,
  ): Record<string, Tensor> {
    const { numLayers, numKvHeads, headDim } = this.info;
    const count = tokens.length;
    const past = cache.length;
    const feeds: Record<string, Tensor> = {
      input_ids: createTensor(
        'int64',
        BigInt64Array.from(tokens, (token) => BigInt(token)),
        [1, count],
      ),
      position_ids: createTensor(
        'int64',
        BigInt64Array.from(depths, (depth) => BigInt(past + depth)),
        [1, count],
      ),
      attention_mask: buildAttentionMask(past, parents, this.info.maskType),
    };
    for (let layer = 0; layer < numLayers; layer++) {
      const dims = [1, past, numKvHeads, headDim];
      feeds[`past_key_${layer}`] = createTensor('float32', cache.keys(layer), dims);
      feeds[`past_value_${layer}`] = createTensor('float32', cache.values(layer), dims);
    }
    return feeds;
  }

  #unpack(result: Record<string, Tensor>, taps: boolean): ForwardResult {
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
    return {
      logits: float('logits'),
      newKeys,
      newValues,
      ...(taps ? { hiddenTaps: float('hidden_taps') } : {}),
    };
  }
}
