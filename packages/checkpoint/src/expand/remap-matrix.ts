/**
 * Places a `[rows, cols]` row-major matrix into a zero `[outRows, outCols]` one: element `(r, c)`
 * goes to `(rowAt(r), colAt(c))`, times `scale`. Everything else stays 0.
 */
export function remapMatrix(
  weight: Float32Array,
  shape: { readonly rows: number; readonly cols: number },
  out: { readonly rows: number; readonly cols: number },
  at: { readonly row?: (row: number) => number; readonly col?: (col: number) => number },
  scale = 1,
): Float32Array {
  const { rows, cols } = shape;
  const result = new Float32Array(out.rows * out.cols);
  const colIndex = Int32Array.from({ length: cols }, (_, col) => (at.col ? at.col(col) : col));
  for (let row = 0; row < rows; row++) {
    const target = (at.row ? at.row(row) : row) * out.cols;
    const source = row * cols;
    for (let col = 0; col < cols; col++) {
      result[target + (colIndex[col] as number)] = (weight[source + col] as number) * scale;
    }
  }
  return result;
}

/** A length-`n` copy of `vector` padded with zeros, times `scale`. */
export function padVector(vector: Float32Array, n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) * scale;
  return out;
}
