/**
 * An additive attention mask `[rows, width]` (0 = attend, −∞ = hidden), built by revealing keys:
 * everything starts hidden.
 */
export class VisibilityMask {
  readonly rows: number;
  readonly width: number;
  readonly data: Float32Array;

  constructor(rows: number, width: number) {
    this.rows = rows;
    this.width = width;
    this.data = new Float32Array(rows * width).fill(Number.NEGATIVE_INFINITY);
  }

  /** Reveals keys `[start, end)` to query `row`. */
  show(row: number, start: number, end = start + 1): void {
    this.data.fill(0, row * this.width + start, row * this.width + end);
  }

  /** Hides key `column` from query `row` again. */
  hide(row: number, column: number): void {
    this.data[row * this.width + column] = Number.NEGATIVE_INFINITY;
  }
}
