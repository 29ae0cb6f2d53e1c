import { checkTopK } from './validate-options.js';

/**
 * Keeps the `k` highest logits and sets the rest to -Infinity, **in place**; returns `logits`.
 * Exactly `k` tokens are kept: among logits tied with the k-th highest value the lowest token ids
 * win (Hugging Face instead keeps every tied token). `k` = 0 or `k` ≥ vocabulary size is a no-op.
 * Runs in expected O(n) (quickselect), not O(n log n).
 * @throws ConfuError `INVALID_ARGUMENT` unless `k` is an integer ≥ 0.
 */
export function applyTopK(logits: Float32Array, k: number): Float32Array {
  checkTopK(k);
  if (k === 0 || k >= logits.length) return logits;
  const threshold = kthLargest(logits, k);
  let tiesToKeep = k;
  for (let index = 0; index < logits.length; index++) {
    if ((logits[index] as number) > threshold) tiesToKeep--;
  }
  for (let index = 0; index < logits.length; index++) {
    const value = logits[index] as number;
    if (value > threshold) continue;
    if (value === threshold && tiesToKeep > 0) tiesToKeep--;
    else logits[index] = -Infinity;
  }
  return logits;
}

/** The k-th largest value (1-based) by Hoare quickselect on a copy; values must not be NaN. */
function kthLargest(values: Float32Array, k: number): number {
  const a = values.slice();
  const target = k - 1;
  let low = 0;
  let high = a.length - 1;
  while (low < high) {
    const pivot = a[(low + high) >>> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((a[i] as number) > pivot) i++;
      while ((a[j] as number) < pivot) j--;
      if (i <= j) {
        const swap = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = swap;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break; // target lies between j and i: all equal to the pivot
  }
  return a[target] as number;
}
