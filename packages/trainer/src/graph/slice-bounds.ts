/**
 * `[begin, end)` that `Slice` (step 1) selects on an axis of size `dim`, after ONNX's negative
 * index and clamping rules.
 */
export function sliceBounds(dim: number, start: number, end: number): [number, number] {
  const clamp = (value: number): number =>
    Math.min(Math.max(value < 0 ? value + dim : value, 0), dim);
  const begin = clamp(start);
  return [begin, Math.max(begin, clamp(end))];
}

/** Constant inputs of a `Slice` node, normalised; `undefined` unless all are constants. */
export interface SliceSpec {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly axes: readonly number[];
  readonly steps: readonly number[];
}

/** Builds a {@link SliceSpec} from constant inputs (axes default 0…n−1, steps default 1). */
export function sliceSpec(
  rank: number,
  values: readonly (number[] | undefined)[],
  present: readonly boolean[],
): SliceSpec | undefined {
  const [starts, ends, axes, steps] = values;
  if (!starts || !ends) return undefined;
  if ((present[2] && !axes) || (present[3] && !steps)) return undefined;
  return {
    starts,
    ends,
    axes: (axes ?? starts.map((_, index) => index)).map((axis) => (axis < 0 ? axis + rank : axis)),
    steps: steps ?? starts.map(() => 1),
  };
}
