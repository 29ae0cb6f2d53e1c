import type {
  DraftTree,
  ForwardResult,
  KvCache,
  TargetFeatures,
  TargetModel,
  TargetPassPlan,
} from '@confu/core';
import { buildPassLayout, treeDepths } from '@confu/model';

/** Options of {@link runTargetPass}. */
export interface TargetPassOptions {
  /** The pass rows: a draft tree, or the prompt as a chain. */
  readonly tree: DraftTree;
  /** Fetch `hidden_taps` of the pass rows. */
  readonly taps: boolean;
  /** A drafter's extra rows for this pass. */
  readonly plan?: TargetPassPlan;
  /** Per-row argmax ids instead of logits (greedy acceptance). Default `logits`. */
  readonly outputs?: 'logits' | 'argmax';
  readonly signal?: AbortSignal;
}

/** One target pass: the new rows (pass rows first) and what ran of the plan. */
export interface TargetPassOutput {
  readonly result: ForwardResult;
  /** Rows of `result` that are pass rows (`tree.tokens.length`); extra rows follow them. */
  readonly passRows: number;
  /** `attachTo` of the extra rows that ran (those whose positions fit the context), in order. */
  readonly planRows: readonly number[];
}

/**
 * One target pass over a draft tree (positions = committed + depth, tree mask) plus a drafter's
 * extra rows, which the tree rows never see: the tree's logits, K/V and taps are exactly those of
 * a plain pass. Extra rows whose positions would pass the context are left out.
 */
export async function runTargetPass(
  lm: TargetModel,
  cache: KvCache,
  options: TargetPassOptions,
): Promise<TargetPassOutput> {
  const { tree, taps, signal } = options;
  const passRows = tree.tokens.length;
  const signalOption = { outputs: options.outputs ?? 'logits', ...(signal ? { signal } : {}) };
  const plan = options.plan && fitPlan(options.plan, tree, cache, lm.info);
  if (!plan) {
    const result = await lm.forward(cache, {
      tokens: tree.tokens,
      parents: tree.parents,
      taps,
      ...signalOption,
    });
    return { result, passRows, planRows: [] };
  }
  const layout = buildPassLayout({
    committed: cache.length - cache.reservedRows,
    reservedRows: cache.reservedRows,
    parents: tree.parents,
    plan,
  });
  const result = await lm.forwardRows(cache, {
    tokens: tree.tokens,
    extraEmbeds: plan.embeds,
    positions: layout.positions,
    visibility: layout.visibility,
    taps: taps || plan.taps === true,
    ...signalOption,
  });
  return { result, passRows, planRows: plan.attachTo };
}

/**
 * What the drafter gets back from a pass: the taps of the committed `rows` (when it asked for
 * taps), the accepted path of a round, and the taps of the plan's extra rows (when it asked).
 */
export function targetFeatures(
  output: TargetPassOutput,
  options: {
    readonly rows: readonly number[];
    readonly taps: boolean;
    readonly plan: TargetPassPlan | undefined;
    readonly tapWidth: number;
    readonly path?: readonly number[];
  },
): TargetFeatures {
  const { result, passRows, planRows } = output;
  const all = result.hiddenTaps;
  const width = options.tapWidth;
  const planTaps =
    all && options.plan?.taps && planRows.length > 0
      ? all.slice(passRows * width, (passRows + planRows.length) * width)
      : undefined;
  return {
    ...(all && options.taps ? { taps: gatherRows(all, options.rows, width) } : {}),
    ...(options.path ? { path: options.path } : {}),
    ...(planTaps ? { planTaps, planRows } : {}),
  };
}

/** The plan restricted to extra rows whose positions fit the context (none left: undefined). */
function fitPlan(
  plan: TargetPassPlan,
  tree: DraftTree,
  cache: KvCache,
  info: { readonly contextLength: number; readonly hiddenSize: number },
): TargetPassPlan | undefined {
  const committed = cache.length - cache.reservedRows;
  const depths = treeDepths(tree.parents);
  const offset = plan.positionOffset ?? 1;
  const keep = plan.attachTo
    .map((node, row) => ({ node, row }))
    .filter(({ node }) => committed + (depths[node] ?? 0) + offset < info.contextLength);
  if (keep.length === 0) return undefined;
  if (keep.length === plan.attachTo.length) return plan;
  const h = info.hiddenSize;
  const embeds = new Float32Array(keep.length * h);
  keep.forEach(({ row }, index) =>
    embeds.set(plan.embeds.subarray(row * h, (row + 1) * h), index * h),
  );
  return { ...plan, embeds, attachTo: keep.map(({ node }) => node) };
}

function gatherRows(source: Float32Array, rows: readonly number[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, index) =>
    out.set(source.subarray(row * width, (row + 1) * width), index * width),
  );
  return out;
}
