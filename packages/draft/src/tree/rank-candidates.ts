import { ConfuError } from '@confu/errors';
import type { ChildCandidates } from './expand-function.js';

/** Something ranked by score (higher first), ties broken by the smaller id. */
export interface Scored {
  readonly id: number;
  readonly score: number;
}

/** Highest score first; on ties the smaller id — a parent — comes first. */
function byRank(a: Scored, b: Scored): number {
  return a.score === b.score ? a.id - b.id : b.score - a.score;
}

/** The `count` best finite-scored entries, best first. */
export function topByScore<T extends Scored>(entries: readonly T[], count: number): T[] {
  return entries
    .filter((entry) => entry.score > Number.NEGATIVE_INFINITY)
    .sort(byRank)
    .slice(0, count);
}

/**
 * A log-probability the ranking can rely on: NaN counts as −∞ (impossible), and values above 0
 * (rounding, or a careless drafter) as 0, so that a child never outranks its parent.
 */
export function sanitizeLogProb(logProb: number): number {
  return Number.isNaN(logProb) ? Number.NEGATIVE_INFINITY : Math.min(logProb, 0);
}

/**
 * The `topK` most likely distinct children (a repeated token keeps its best log-probability).
 * @throws ConfuError `INVALID_ARGUMENT` when the expand function broke its contract.
 */
export function bestChildren(
  children: ChildCandidates | undefined,
  topK: number,
): { token: number; logProb: number }[] {
  if (!children || children.tokens.length !== children.logProbs.length) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      'expand() must return one { tokens, logProbs } of equal lengths per frontier node',
    );
  }
  const pairs = children.tokens.map((token, index) => {
    if (!Number.isInteger(token) || token < 0) {
      throw new ConfuError('INVALID_ARGUMENT', `expand() proposed ${token}, not a token id`);
    }
    return { token, logProb: sanitizeLogProb(children.logProbs[index] as number) };
  });
  pairs.sort((a, b) => (a.logProb === b.logProb ? 0 : b.logProb - a.logProb));
  const seen = new Set<number>();
  const best: { token: number; logProb: number }[] = [];
  for (const pair of pairs) {
    if (best.length === topK) break;
    if (seen.has(pair.token)) continue;
    seen.add(pair.token);
    best.push(pair);
  }
  return best;
}
