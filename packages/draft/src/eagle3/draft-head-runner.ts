import { ConfuError } from '@confu/errors';
import { draftHeadTensorNames as names } from '@confu/model-builder';
import type { Eagle3HeadConfig } from '@confu/checkpoint';
import { createTensor } from '@confu/runtime';
import type { KvCache, ModelSession, Tensor } from '@confu/core';
import type { VisibilityMask } from './visibility-mask.js';

/** One head pass over `N = S + E` rows against the rows of a draft KV cache. */
export interface HeadRunInput {
  /** `S` token ids. */
  readonly tokens: readonly number[];
  /** `[E, h]` extra embedding rows after the tokens (ConFu `[f]`). */
  readonly tokenEmbeds?: Float32Array;
  /** `[A, 3h]` target taps (through `fc`); feature rows come taps first, then `hidden`. */
  readonly taps?: Float32Array;
  /** `[B, h]` the head's own features; `A + B = N`. */
  readonly hidden?: Float32Array;
  /** `N` RoPE positions. */
  readonly positions: readonly number[];
  /** `[N, cache.length + N]` */
  readonly mask: VisibilityMask;
}

/** What a head pass returns; the new K/V rows are not yet in the cache. */
export interface HeadRunOutput {
  /** `[N, h]` layer output before the final norm: the next feature. */
  readonly hiddenOut: Float32Array;
  /** `[N, K]` each row's `K` best log-probabilities over the valid draft ids, best first. */
  readonly topLogProbs: Float32Array;
  /** `[N, K]` their draft ids. */
  readonly topIds: BigInt64Array;
  /** `K`: candidates per row. */
  readonly topK: number;
  /** `[N, KVH·D]` */
  readonly newKeys: Float32Array;
  readonly newValues: Float32Array;
}

// Only what drafting reads: the graph ranks each row's draft ids itself.
const outputs = [
  names.hiddenOut,
  names.topLogProbs,
  names.topIds,
  names.newKey,
  names.newValue,
] as const;

/** Feeds the draft-head graph of `buildDraftHeadModel` from a {@link KvCache} (one layer). */
export class DraftHeadRunner {
  readonly config: Eagle3HeadConfig;
  /** Candidates per row (`top_k`). */
  readonly topK: number;
  readonly #session: ModelSession;
  readonly #topK: Tensor;

  constructor(session: ModelSession, config: Eagle3HeadConfig, topK: number) {
    this.#session = session;
    this.config = config;
    this.topK = Math.min(topK, config.draftVocabSize);
    this.#topK = createTensor('int64', BigInt64Array.of(BigInt(this.topK)), [1]);
  }

  /** Runs the rows of `input` with `cache`'s rows as past. */
  async run(cache: KvCache, input: HeadRunInput, signal?: AbortSignal): Promise<HeadRunOutput> {
    const { hiddenSize: h, numKvHeads: KVH, headDim: D } = this.config;
    const rows = input.positions.length;
    const past = cache.length;
    if (input.mask.rows !== rows || input.mask.width !== past + rows) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `draft head mask is [${input.mask.rows}, ${input.mask.width}], expected [${rows}, ${past + rows}]`,
      );
    }
    const floats = (data: Float32Array | undefined, width: number): Tensor => {
      const array = data ?? new Float32Array(0);
      return createTensor('float32', array, [1, array.length / width, width]);
    };
    const ints = (values: readonly number[]): Tensor =>
      createTensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
    const feeds: Record<string, Tensor> = {
      [names.inputIds]: ints(input.tokens),
      [names.tokenEmbeds]: floats(input.tokenEmbeds, h),
      [names.taps]: floats(input.taps, 3 * h),
      [names.hidden]: floats(input.hidden, h),
      [names.positionIds]: ints(input.positions),
      [names.attentionMask]: createTensor('float32', input.mask.data, [1, 1, rows, past + rows]),
      [names.pastKey]: createTensor('float32', cache.keys(0), [1, past, KVH, D]),
      [names.pastValue]: createTensor('float32', cache.values(0), [1, past, KVH, D]),
      [names.topK]: this.#topK,
    };
    const result = await this.#session.run(feeds, { outputs, ...(signal ? { signal } : {}) });
    const float = (name: string): Float32Array => {
      const tensor = result[name];
      if (tensor?.dtype !== 'float32') {
        throw new ConfuError(
          'RUN_FAILED',
          `draft head output \`${name}\` is missing or not float32`,
        );
      }
      return tensor.data as Float32Array;
    };
    const ids = result[names.topIds];
    if (ids?.dtype !== 'int64') {
      throw new ConfuError(
        'RUN_FAILED',
        `draft head output \`${names.topIds}\` is missing or not int64`,
      );
    }
    return {
      hiddenOut: float(names.hiddenOut),
      topLogProbs: float(names.topLogProbs),
      topIds: ids.data as BigInt64Array,
      topK: this.topK,
      newKeys: float(names.newKey),
      newValues: float(names.newValue),
    };
  }

  /** Releases the head session. */
  dispose(): Promise<void> {
    return this.#session.dispose();
  }
}
