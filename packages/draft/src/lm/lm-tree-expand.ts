import type { KvCache, TargetModel } from '@confu/core';
import { ROOT_ID } from '../tree/expand-function.js';
import type { ChildCandidates, ExpandFunction, FrontierNode } from '../tree/expand-function.js';
import { topLogProbs } from './top-log-probs.js';

/** What {@link createLmTreeExpand} works on. */
export interface LmTreeExpandOptions {
  readonly model: TargetModel;
  /** Holds every observed token, root last; frontier rows are appended after them. */
  readonly cache: KvCache;
  /** `[vocabSize]` draft logits after the root (from the catch-up pass). */
  readonly rootLogits: Float32Array;
  readonly topK: number;
  /** Depth of the last frontier `buildDynamicTree` asks about (= `TreeOptions.depth`). */
  readonly lastDepth: number;
  readonly signal?: AbortSignal;
}

/**
 * An EAGLE-2 expand function over a small causal LM (confu-spec.md §5.4): the root's children come
 * from `rootLogits`; each later frontier runs as one pass at positions `root + depth`, each row
 * seeing the observed tokens, its ancestors' rows and itself. Those rows are appended to `cache`
 * for the next depth (the caller truncates it afterwards). Near the end of the context expansion
 * stops (empty children) instead of failing.
 */
export function createLmTreeExpand(options: LmTreeExpandOptions): ExpandFunction {
  const { model, cache, rootLogits, topK, lastDepth } = options;
  const { vocabSize, contextLength } = model.info;
  const observed = cache.length;
  const rootPosition = observed - 1;
  const rowOf = new Map<number, number>();
  const parentOf = new Map<number, number>();
  const none = (frontier: readonly FrontierNode[]): ChildCandidates[] =>
    frontier.map(() => ({ tokens: [], logProbs: [] }));

  return async (frontier) => {
    const first = frontier[0];
    if (!first) return [];
    if (first.id === ROOT_ID) return [topLogProbs(rootLogits, 0, vocabSize, topK)];
    for (const node of frontier) parentOf.set(node.id, node.parentId);
    const past = cache.length;
    const width = past + frontier.length;
    const visibility = new Uint8Array(frontier.length * width);
    for (const [index, node] of frontier.entries()) {
      const row = visibility.subarray(index * width, (index + 1) * width);
      row.fill(1, 0, observed);
      row[past + index] = 1;
      for (let id = node.parentId; id !== ROOT_ID; id = parentOf.get(id) ?? ROOT_ID) {
        const ancestor = rowOf.get(id);
        // An ancestor without a row was left out for lack of room: stop growing.
        if (ancestor === undefined) return none(frontier);
        row[ancestor] = 1;
      }
    }
    const positions = frontier.map((node) => rootPosition + node.depth);
    if (positions.some((position) => position >= contextLength)) return none(frontier);
    const result = await model.forwardRows(cache, {
      tokens: frontier.map((node) => node.token),
      positions,
      visibility,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // The deepest frontier's rows are never attended to; skip them, and stop when out of room.
    if (first.depth < lastDepth && width <= cache.maxLength) {
      model.commit(cache, result);
      frontier.forEach((node, index) => rowOf.set(node.id, past + index));
    }
    return frontier.map((_, index) => topLogProbs(result.logits, index, vocabSize, topK));
  };
}
