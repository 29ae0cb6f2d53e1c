/**
 * Target ids of the draft vocabulary: `draftToTarget[i] = i + d2t[i]` (confu-spec.md §4.3).
 * Use it to map the draft's top-k ids before they enter a tree.
 */
export function draftToTargetIds(d2t: BigInt64Array): Int32Array {
  return Int32Array.from(d2t, (offset, index) => index + Number(offset));
}

/**
 * `d2t` / `t2d` for a draft vocabulary made of `targetIds` (any order; sorted by id, as EAGLE-3
 * and SpecForge build them): `d2t[i] = used[i] − i`, `t2d[v] = 1` iff `v` is used.
 */
export function vocabMappingFromTargetIds(
  targetIds: readonly number[],
  vocabSize: number,
): { readonly d2t: BigInt64Array; readonly t2d: Uint8Array } {
  const used = [...targetIds].sort((a, b) => a - b);
  const t2d = new Uint8Array(vocabSize);
  for (const id of used) t2d[id] = 1;
  return { d2t: BigInt64Array.from(used, (id, index) => BigInt(id - index)), t2d };
}

/**
 * Why `d2t` / `t2d` do not describe an injective map of the draft vocabulary into `[0, V)`
 * agreeing with `t2d`, or `undefined` when they do.
 */
export function vocabMappingProblem(d2t: BigInt64Array, t2d: Uint8Array): string | undefined {
  const seen = new Uint8Array(t2d.length);
  for (let index = 0; index < d2t.length; index++) {
    const target = index + Number(d2t[index]);
    if (!Number.isSafeInteger(target) || target < 0 || target >= t2d.length) {
      return `d2t maps draft id ${index} to ${target}, outside the target vocabulary [0, ${t2d.length})`;
    }
    if (seen[target]) return `d2t maps two draft ids to target id ${target}`;
    if (!t2d[target])
      return `d2t maps draft id ${index} to target id ${target}, which t2d marks absent`;
    seen[target] = 1;
  }
  const marked = t2d.reduce((count, flag) => count + flag, 0);
  if (marked !== d2t.length) {
    return `t2d marks ${marked} target ids but the draft vocabulary has ${d2t.length}`;
  }
  return undefined;
}
