import type {
  DraftTree,
  Drafter,
  GenerationChunk,
  KvCache,
  Profiler,
  TargetModel,
} from '@confu/core';
import type { RandomSource, Sampler } from '@confu/sampler';
import { verifyTree } from '@confu/verifier';
import { assertGenerationArguments } from './assert-generation-arguments.js';
import { prefillTarget } from './prefill-target.js';
import { RoundStats } from './round-stats.js';
import { timePhase } from './span-profiler.js';
import type { TreePolicy } from './tree-policy/tree-policy.js';

/** Options of {@link speculativeGenerate}. */
export interface SpeculativeGenerateOptions {
  readonly model: TargetModel;
  readonly drafter: Drafter;
  /** Prompt token ids, special tokens included. */
  readonly promptTokens: readonly number[];
  readonly maxTokens: number;
  /** Must draw from `random` so acceptance and sampling share one seeded stream. */
  readonly sampler: Sampler;
  readonly random: RandomSource;
  readonly stopTokens?: readonly number[];
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Called with the target cache when generation ends (tests, debugging). */
  readonly inspectCache?: (cache: KvCache) => void;
  /** Records the phases of every round (`confu bench --profile`). */
  readonly profiler?: Profiler;
  /** Chooses each round's tree (default: the drafter's own, verified whole). */
  readonly treePolicy?: TreePolicy;
}

/**
 * Speculative decoding: per round the drafter proposes a tree, the target verifies it in one pass,
 * and the accepted path plus a bonus token are committed — several tokens per target pass with the
 * output distribution of plain decoding (token for token at temperature 0). Yields one chunk per
 * round; an aborted `signal` takes effect before the next round.
 */
export async function* speculativeGenerate(
  options: SpeculativeGenerateOptions,
): AsyncGenerator<GenerationChunk, void> {
  const { model, drafter, promptTokens, maxTokens, sampler, random, signal, profiler } = options;
  const policy = options.treePolicy;
  const clock = options.now ?? (() => performance.now());
  const context = model.info.contextLength;
  assertGenerationArguments(promptTokens, maxTokens, context);
  const stats = new RoundStats(options.now ?? (() => performance.now()));
  const stops = new Set(options.stopTokens ?? []);
  const limit = Math.min(maxTokens, context - promptTokens.length);
  const session = drafter.createSession();
  let inspect = (): void => {};
  try {
    const prefill = await timePhase(profiler, 'prefill', () =>
      prefillTarget({
        model,
        drafter,
        session,
        promptTokens,
        sampler,
        ...(signal ? { signal } : {}),
      }),
    );
    const { cache } = prefill;
    const reservedRows = cache.reservedRows;
    inspect = () => options.inspectCache?.(cache);
    const tokens = [...promptTokens];
    let root = prefill.root;
    stats.prefillDone();
    let generated = 0;
    const emit = (candidates: readonly number[]): { tokens: number[]; done: boolean } => {
      const out: number[] = [];
      for (const token of candidates) {
        if (stops.has(token)) return { tokens: out, done: stats.finish('stop') };
        out.push(token);
        generated++;
        if (generated >= limit) return { tokens: out, done: stats.finish('length') };
      }
      return { tokens: out, done: false };
    };
    const first = emit([root]);
    if (first.done) {
      yield { tokens: first.tokens, ...stats.final(generated, promptTokens.length) };
      return;
    }
    yield { tokens: first.tokens };
    await stats.timeDraft(() =>
      timePhase(profiler, 'prefill.observe', () =>
        session.observe([...tokens, root], prefill.features, signal),
      ),
    );

    for (;;) {
      signal?.throwIfAborted();
      const roundStart = profiler?.now() ?? 0;
      try {
        const committed = cache.length - reservedRows;
        const room = context - committed;
        const shape = policy?.next();
        const draftStart = clock();
        const drafted = await stats.timeDraft(() =>
          timePhase(profiler, 'draft', () =>
            session.draft(signal, shape ? { tree: shape } : undefined),
          ),
        );
        const verifyStart = clock();
        const tree = fitTree(policy ? policy.select(drafted) : drafted, {
          maxNodes: room,
          maxDepth: room - 1,
        });
        const plan = session.planPass?.({ phase: 'round', tree });
        const verified = await stats.timeVerify(() =>
          timePhase(profiler, 'verify', () =>
            verifyTree({
              lm: model,
              cache,
              tree,
              sampler,
              random,
              history: [...tokens, root],
              taps: drafter.requirements.taps,
              ...(plan ? { plan } : {}),
              ...(signal ? { signal } : {}),
              ...(profiler ? { profiler } : {}),
            }),
          ),
        );
        const verifyEnd = clock();
        stats.round(tree, verified.acceptedTokens.length);
        tokens.push(root, ...verified.acceptedTokens);
        root = verified.bonusToken;
        const chunk = emit([...verified.acceptedTokens, root]);
        const round = { drafted: tree.tokens.length - 1, accepted: verified.acceptedTokens.length };
        if (chunk.done) {
          yield { tokens: chunk.tokens, round, ...stats.final(generated, promptTokens.length) };
          return;
        }
        yield { tokens: chunk.tokens, round };
        if (cache.length - reservedRows >= context) {
          stats.finish('length');
          yield { tokens: [], ...stats.final(generated, promptTokens.length) };
          return;
        }
        await stats.timeDraft(() =>
          timePhase(profiler, 'observe', () =>
            session.observe([...tokens, root], verified.features, signal),
          ),
        );
        policy?.update({
          tree,
          path: verified.path,
          planRows: plan?.attachTo.length ?? 0,
          draftMs: verifyStart - draftStart,
          verifyMs: verifyEnd - verifyStart,
          otherMs: clock() - verifyEnd,
        });
      } finally {
        profiler?.record('round', profiler.now() - roundStart);
      }
    }
  } finally {
    inspect();
    session.dispose();
  }
}

/** Keeps the first nodes (parents precede children) so that every row and position fits the context. */
function fitTree(tree: DraftTree, limits: { maxNodes: number; maxDepth: number }): DraftTree {
  let keep = 0;
  const depth: number[] = [];
  for (let node = 0; node < tree.tokens.length && keep < limits.maxNodes; node++) {
    const parent = tree.parents[node] as number;
    depth[node] = parent < 0 ? 0 : (depth[parent] as number) + 1;
    if ((depth[node] as number) > limits.maxDepth) break;
    keep = node + 1;
  }
  if (keep === tree.tokens.length) return tree;
  return {
    tokens: tree.tokens.slice(0, keep),
    parents: tree.parents.slice(0, keep),
    ...(tree.scores ? { scores: tree.scores.slice(0, keep) } : {}),
  };
}
