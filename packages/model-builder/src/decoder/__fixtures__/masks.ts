/** Causal chain mask `[S][P + S]`: every past row plus earlier new tokens and self. */
export function causalMask(past: number, count: number): boolean[][] {
  return Array.from({ length: count }, (_, s) =>
    Array.from({ length: past + count }, (_, t) => t <= past + s),
  );
}

/** Depth of each node of a tree given as parent indices (`-1` = root, parents before children). */
export function treeDepths(parents: readonly number[]): number[] {
  const depths: number[] = [];
  parents.forEach((parent) => depths.push(parent < 0 ? 0 : (depths[parent] as number) + 1));
  return depths;
}

/** Tree mask `[S][P + S]`: all past rows plus the node's ancestors and itself. */
export function treeMask(past: number, parents: readonly number[]): boolean[][] {
  return parents.map((_, node) => {
    const row = Array.from({ length: past + parents.length }, (_, t) => t < past);
    for (let current = node; current >= 0; current = parents[current] as number)
      row[past + current] = true;
    return row;
  });
}

/** Root → leaf node paths of a tree given as parent indices. */
export function treePaths(parents: readonly number[]): number[][] {
  const leaves = parents.map((_, node) => node).filter((node) => !parents.includes(node));
  return leaves.map((leaf) => {
    const path: number[] = [];
    for (let current = leaf; current >= 0; current = parents[current] as number)
      path.unshift(current);
    return path;
  });
}

export { maxAbsDiff } from '@internal/test-utils';
