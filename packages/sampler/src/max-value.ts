/** Largest value, -Infinity when empty. An indexed loop: for-of over typed arrays is slower in V8. */
export function maxValue(values: Float32Array | Float64Array): number {
  let max = -Infinity;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (value > max) max = value;
  }
  return max;
}
