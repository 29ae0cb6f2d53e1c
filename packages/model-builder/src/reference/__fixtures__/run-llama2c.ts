import type { Llama2cHeaderFields } from '@confu/checkpoint/testing';

/**
 * A direct float32 port of llama2.c `run.c` (`forward`): interleaved RoPE, weights read in file
 * order, no permutation. Returns the logits of every token of `tokens` run at positions 0, 1, ...
 */
export function runLlama2c(bytes: Uint8Array, tokens: readonly number[]): Float32Array {
  const [dim, hidden, L, nHeads, nKv, vocabField, seqLen] = Array.from(new Int32Array(bytes.slice(0, 28).buffer)) as Llama2cHeaderFields;
  const vocab = Math.abs(vocabField);
  const hs = dim / nHeads;
  const kvDim = (dim * nKv) / nHeads;
  const w = new Float32Array(bytes.slice(28).buffer);
  let at = 0;
  const take = (n: number): Float32Array => w.subarray(at, (at += n));
  const emb = take(vocab * dim), rmsAtt = take(L * dim), wq = take(L * dim * dim), wk = take(L * kvDim * dim);
  const wv = take(L * kvDim * dim), wo = take(L * dim * dim), rmsFfn = take(L * dim), w1 = take(L * hidden * dim);
  const w2 = take(L * dim * hidden), w3 = take(L * hidden * dim), rmsFinal = take(dim);
  take(seqLen * hs);
  const wcls = vocabField > 0 ? emb : take(vocab * dim);

  const rmsnorm = (x: Float32Array, weight: Float32Array): Float32Array => {
    let ss = 0;
    for (const v of x) ss += v * v;
    const scale = 1 / Math.sqrt(ss / x.length + 1e-5);
    return x.map((v, i) => (weight[i] as number) * scale * v);
  };
  const matmul = (x: Float32Array, m: Float32Array, offset: number, rows: number): Float32Array =>
    Float32Array.from({ length: rows }, (_, r) => x.reduce((sum, v, c) => sum + (m[offset + r * x.length + c] as number) * v, 0));
  const keyCache = new Float32Array(L * seqLen * kvDim);
  const valueCache = new Float32Array(L * seqLen * kvDim);
  const logits = new Float32Array(tokens.length * vocab);

  tokens.forEach((token, pos) => {
    let x = emb.slice(token * dim, (token + 1) * dim);
    for (let l = 0; l < L; l++) {
      const xb = rmsnorm(x, rmsAtt.subarray(l * dim));
      const q = matmul(xb, wq, l * dim * dim, dim);
      const k = matmul(xb, wk, l * kvDim * dim, kvDim);
      const v = matmul(xb, wv, l * kvDim * dim, kvDim);
      for (let i = 0; i < dim; i += 2) {
        const freq = 1 / 10000 ** ((i % hs) / hs);
        const [fcr, fci] = [Math.cos(pos * freq), Math.sin(pos * freq)];
        for (const vec of i < kvDim ? [q, k] : [q]) {
          const [v0, v1] = [vec[i] as number, vec[i + 1] as number];
          vec[i] = v0 * fcr - v1 * fci;
          vec[i + 1] = v0 * fci + v1 * fcr;
        }
      }
      keyCache.set(k, (l * seqLen + pos) * kvDim);
      valueCache.set(v, (l * seqLen + pos) * kvDim);
      const attended = new Float32Array(dim);
      for (let h = 0; h < nHeads; h++) {
        const kvOffset = Math.floor(h / (nHeads / nKv)) * hs;
        const scores = Float32Array.from({ length: pos + 1 }, (_, t) => {
          let s = 0;
          for (let i = 0; i < hs; i++) s += (q[h * hs + i] as number) * (keyCache[(l * seqLen + t) * kvDim + kvOffset + i] as number);
          return s / Math.sqrt(hs);
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const total = e.reduce((a, b) => a + b, 0);
        e.forEach((p, t) => {
          for (let i = 0; i < hs; i++) attended[h * hs + i] = (attended[h * hs + i] as number) + (p / total) * (valueCache[(l * seqLen + t) * kvDim + kvOffset + i] as number);
        });
      }
      const o = matmul(attended, wo, l * dim * dim, dim);
      x = x.map((value, i) => value + (o[i] as number));
      const xb2 = rmsnorm(x, rmsFfn.subarray(l * dim));
      const gate = matmul(xb2, w1, l * hidden * dim, hidden);
      const up = matmul(xb2, w3, l * hidden * dim, hidden);
      const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * (up[i] as number));
      const down = matmul(act, w2, l * dim * hidden, dim);
      x = x.map((value, i) => value + (down[i] as number));
    }
    logits.set(matmul(rmsnorm(x, rmsFinal), wcls, 0, vocab), pos * vocab);
  });
  return logits;
}
