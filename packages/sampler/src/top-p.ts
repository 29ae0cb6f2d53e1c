import { softmax64 } from './softmax.js';
import { checkTopP } from './validate-options.js';

/**
 * Nucleus (top-p) filtering, **in place**: keeps the smallest set of most likely tokens whose
 * probability mass reaches `topP` (the token that crosses `topP` is kept, and so is always at least
 * one token), sets the rest to -Infinity and returns `logits`. Equal probabilities are ordered by
 * token id, lowest first. Masses are accumulated in float64. `topP` = 1 is a no-op.
 * Runs in expected O(n) (weighted quickselect), with no sort of the vocabulary.
 * @throws ConfuError `INVALID_ARGUMENT` unless `topP` is in (0, 1].
 */
export function applyTopP(logits: Float32Array, topP: number): Float32Array {
  checkTopP(topP);
  if (topP === 1) return logits;
  const probs = softmax64(logits);
  const cut = nucleusCut(probs, topP);
  if (cut === undefined) return logits;
  let mass = cut.massAbove;
  for (let index = 0; index < probs.length; index++) {
    const p = probs[index] as number;
    if (p > cut.threshold) continue;
    // Ties at the threshold join in id order until the mass reaches topP.
    if (p === cut.threshold && mass < topP) mass += p;
    else logits[index] = -Infinity;
  }
  return logits;
}

interface NucleusCut {
  /** Probability of the token that crosses `topP`; everything above it is kept. */
  readonly threshold: number;
  /** Mass of the tokens strictly above `threshold`. */
  readonly massAbove: number;
}

/**
 * Weighted quickselect over a copy, three-way partitioned around a pivot. Returns undefined when
 * float rounding leaves the whole mass below `topP`, in which case every token stays.
 */
function nucleusCut(probs: Float64Array, topP: number): NucleusCut | undefined {
  const a = probs.slice();
  let low = 0;
  let high = a.length;
  let massAbove = 0;
  while (low < high) {
    const pivot = a[(low + high) >>> 1] as number;
    let greater = low; // [low, greater) > pivot, [greater, i) = pivot, [less, high) < pivot
    let less = high;
    let i = low;
    let massGreater = 0;
    let massEqual = 0;
    while (i < less) {
      const value = a[i] as number;
      if (value > pivot) {
        massGreater += value;
        a[i++] = a[greater] as number;
        a[greater++] = value;
      } else if (value < pivot) {
        a[i] = a[--less] as number;
        a[less] = value;
      } else {
        massEqual += value;
        i++;
      }
    }
    if (massAbove + massGreater >= topP) high = greater;
    else if (massAbove + massGreater + massEqual >= topP) {
      return { threshold: pivot, massAbove: massAbove + massGreater };
    } else {
      massAbove += massGreater + massEqual;
      low = less;
    }
  }
  return undefined;
}
