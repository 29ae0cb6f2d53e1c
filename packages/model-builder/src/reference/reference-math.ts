// Float64 building blocks of the reference forward pass. Weights are float32 `[rows, cols]`
// row-major; activations and every accumulation are float64.

/** `W · x` for `W` `[rows, x.length]`, plus `bias` when given. */
export function matVec(weight: Float32Array, x: Float64Array, bias?: Float32Array): Float64Array {
  const cols = x.length;
  const rows = weight.length / cols;
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let sum = bias ? (bias[row] as number) : 0;
    const base = row * cols;
    for (let col = 0; col < cols; col++) sum += (weight[base + col] as number) * (x[col] as number);
    out[row] = sum;
  }
  return out;
}

/** RMSNorm of each `width`-long segment of `x` (one segment = whole vector, or one head). */
export function rmsNorm(
  x: Float64Array,
  scale: Float32Array,
  eps: number,
  width = x.length,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let start = 0; start < x.length; start += width) {
    let sumSquares = 0;
    for (let i = 0; i < width; i++) sumSquares += (x[start + i] as number) ** 2;
    const inverse = 1 / Math.sqrt(sumSquares / width + eps);
    for (let i = 0; i < width; i++)
      out[start + i] = (x[start + i] as number) * inverse * (scale[i] as number);
  }
  return out;
}

/** Rotates each head of `x` in place, HF rotate_half convention: pairs `(i, i + D/2)`. */
export function applyRope(
  x: Float64Array,
  headDim: number,
  cos: Float64Array,
  sin: Float64Array,
): void {
  const half = headDim / 2;
  for (let start = 0; start < x.length; start += headDim) {
    for (let i = 0; i < half; i++) {
      const a = x[start + i] as number;
      const b = x[start + half + i] as number;
      const c = cos[i] as number;
      const s = sin[i] as number;
      x[start + i] = a * c - b * s;
      x[start + half + i] = b * c + a * s;
    }
  }
}

/** `silu(gate) · up`, element-wise. */
export function swiglu(gate: Float64Array, up: Float64Array): Float64Array {
  return gate.map((g, i) => (g / (1 + Math.exp(-g))) * (up[i] as number));
}

/** `a += b`, element-wise. */
export function addInPlace(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number);
}
