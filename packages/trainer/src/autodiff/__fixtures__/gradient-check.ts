import { appendFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { RecordingGraph } from '../../graph/recording-graph.js';
import { staticDims } from '../../graph/tensor-info.js';
import { differentiate } from '../differentiate.js';
import { toFloat64Model } from './float64-model.js';

/** A graph input's value; `float` inputs are fed in the check's precision. */
export interface CheckFeed {
  readonly dims: readonly number[];
  readonly values: readonly number[];
  readonly dtype?: 'float' | 'int64' | 'bool';
}

/** One gradient check: the op under test and its inputs. */
export interface GradientCheck {
  /** Names the check in the log. */
  readonly label: string;
  /** Builds the op; returns the output to check and the inputs to differentiate. */
  build(g: RecordingGraph): { output: string; wrt: readonly string[] };
  readonly feeds: Readonly<Record<string, CheckFeed>>;
  /** Default float64; float32 only for ops without a double kernel in ORT's CPU provider. */
  readonly precision?: 'float64' | 'float32';
}

/** Deterministic pseudo-random values in [-1, 1). */
export function values(count: number, seed = 1, scale = 1): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 31 - 1) * scale;
  });
}

function tensor(feed: CheckFeed, precision: 'float64' | 'float32'): ort.Tensor {
  const dims = [...feed.dims];
  if (feed.dtype === 'int64') return new ort.Tensor('int64', BigInt64Array.from(feed.values, BigInt), dims);
  if (feed.dtype === 'bool') return new ort.Tensor('bool', Uint8Array.from(feed.values), dims);
  const data = precision === 'float64' ? Float64Array.from(feed.values) : Float32Array.from(feed.values);
  return new ort.Tensor(precision, data, dims);
}

/**
 * Checks the backward graph of `check` against central finite differences of the forward graph,
 * both run by onnxruntime. The scalar checked is `Σ output ⊙ R` with fixed random `R`, so every
 * output element gets a distinct upstream gradient. Returns the largest relative error over the
 * differentiated inputs: max |analytic − numeric| / max |numeric|.
 */
export async function gradientCheck(check: GradientCheck): Promise<number> {
  const precision = check.precision ?? 'float64';
  const g = new RecordingGraph({ name: 'gradient_check' });
  const { output, wrt } = check.build(g);
  const dims = staticDims(g.info(output)?.dims ?? [null]) ?? [];
  const count = dims.reduce((product, dim) => product * dim, 1);
  const weights = g.addInitializer('check_weights', 'float32', dims, Float32Array.from(values(count, 7)));
  g.op('ReduceSum', [g.op('Mul', [output, weights])], { keepdims: 0 }, 'loss');
  const grads = differentiate(g, { loss: 'loss', wrt });
  g.addOutput('loss', 'float32', []);
  grads.forEach((grad, index) => {
    const shape = (g.info(wrt[index] as string)?.dims ?? []).map((dim, axis) => dim ?? `d${index}_${axis}`);
    g.addOutput(g.op('Identity', [grad], {}, `grad_${index}`), 'float32', shape);
  });
  const built = g.build({ externalThreshold: Number.POSITIVE_INFINITY });
  const model = precision === 'float64' ? toFloat64Model(built.model) : built.model;
  // Basic optimisations only: extended fusions (QuickGelu...) have float32-only CPU kernels.
  const session = await ort.InferenceSession.create(model, {
    logSeverityLevel: 3,
    graphOptimizationLevel: 'basic',
  });
  const feeds = Object.fromEntries(Object.entries(check.feeds).map(([name, feed]) => [name, tensor(feed, precision)]));
  const analytic = await session.run(feeds);
  const step = precision === 'float64' ? 1e-6 : 1e-2;
  let worst = 0;
  for (const [index, name] of wrt.entries()) {
    const feed = check.feeds[name];
    if (!feed) throw new Error(`gradient check \`${check.label}\`: wrt \`${name}\` must be a fed input`);
    const got = analytic[`grad_${index}`]?.data as Float64Array;
    const numeric = await Promise.all(
      feed.values.map(async (_, element) => {
        const lossAt = async (delta: number): Promise<number> => {
          const shifted = feed.values.map((value, i) => (i === element ? value + delta : value));
          const result = await session.run({ ...feeds, [name]: tensor({ ...feed, values: shifted }, precision) }, ['loss']);
          return Number(result.loss?.data[0]);
        };
        return ((await lossAt(step)) - (await lossAt(-step))) / (2 * step);
      }),
    );
    const scale = Math.max(1e-12, ...numeric.map(Math.abs));
    const error = Math.max(0, ...numeric.map((value, i) => Math.abs(value - Number(got[i])) / scale));
    worst = Math.max(worst, error);
  }
  await session.release();
  const log = process.env.GRADIENT_CHECK_LOG;
  if (log) appendFileSync(log, `${check.label}\t${precision}\t${worst.toExponential(2)}\n`);
  return worst;
}

/**
 * Bounds asserted by the rule tests. Float64 central differences with h = 1e-6 carry about 1e-10
 * relative rounding and 1e-12 truncation error, so 1e-6 is a strict bound. Float32 (only for ops
 * without a double kernel): h = 1e-2 on O(1) values gives rounding ≈ 6e-8·|L| / h ≈ 1e-5 and
 * truncation ≈ h²·|f'''| / 6 ≈ 4e-5, so the issue's 1e-3 holds with margin.
 */
export const tolerance = { float64: 1e-6, float32: 1e-3 } as const;

/** A float feed of `dims` with deterministic values in [offset − scale, offset + scale). */
export function feed(dims: readonly number[], seed: number, offset = 0, scale = 1): CheckFeed {
  const count = dims.reduce((a, b) => a * b, 1);
  return { dims, values: values(count, seed, scale).map((value) => value + offset) };
}
