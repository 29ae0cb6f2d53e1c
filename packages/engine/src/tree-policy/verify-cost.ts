import type { TargetModel } from '@confu/core';
import { chainParents } from '@confu/model';

/** Milliseconds of one target pass by its number of new rows, measured on this machine. */
export interface VerifyCostCurve {
  /** Measured widths, ascending, and their pass times (ms). */
  readonly widths: readonly number[];
  readonly ms: readonly number[];
  /** Time of a pass of `rows` rows: interpolated, extrapolated linearly past the last width. */
  at(rows: number): number;
}

/** Options of {@link measureVerifyCost}. */
export interface MeasureVerifyCostOptions {
  /** Widths to time. Default 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 (capped by the context). */
  readonly widths?: readonly number[];
  /** Committed rows the passes attend to. Default 128 (capped by the context). */
  readonly past?: number;
  /** Fetch taps as EAGLE-3 / ConFu rounds do. Default true. */
  readonly taps?: boolean;
  /** Timed runs per width after one warm-up; the fastest counts. Default 3. */
  readonly repeats?: number;
  readonly now?: () => number;
}

/**
 * Times target passes of each width over a cache of `past` zero rows (a pass costs the same
 * whatever the tokens): the verify-cost curve the automatic tree budget trades acceptance against.
 */
export async function measureVerifyCost(
  model: TargetModel,
  options: MeasureVerifyCostOptions = {},
): Promise<VerifyCostCurve> {
  const now = options.now ?? (() => performance.now());
  const context = model.info.contextLength;
  const past = Math.min(options.past ?? 128, Math.floor(context / 2));
  const widths = (options.widths ?? [1, 2, 3, 4, 6, 8, 12, 16, 24, 32]).filter(
    (width) => width >= 1 && past + width <= context,
  );
  const cache = model.createCache();
  const zeros = Array.from(
    { length: model.info.numLayers },
    () => new Float32Array(past * cache.rowSize),
  );
  cache.append(zeros, zeros);
  const repeats = options.repeats ?? 3;
  const ms: number[] = [];
  for (const width of widths) {
    const pass = {
      tokens: new Array<number>(width).fill(0),
      parents: chainParents(width),
      taps: options.taps ?? true,
      outputs: 'argmax' as const,
    };
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run <= repeats; run++) {
      const start = now();
      await model.forward(cache, pass);
      if (run > 0) best = Math.min(best, now() - start);
    }
    ms.push(best);
  }
  return verifyCostCurve(widths, ms);
}

/** A curve over measured points (widths ascending). */
export function verifyCostCurve(widths: readonly number[], ms: readonly number[]): VerifyCostCurve {
  const at = (rows: number): number => {
    const last = widths.length - 1;
    if (last < 0) return 0;
    if (rows <= (widths[0] as number)) return ms[0] as number;
    let index = widths.findIndex((width) => width >= rows);
    if (index < 0) index = last;
    const low = Math.max(0, index - 1);
    const [w0, w1] = [widths[low] as number, widths[index] as number];
    const [m0, m1] = [ms[low] as number, ms[index] as number];
    return w1 === w0 ? m1 : m0 + ((m1 - m0) * (rows - w0)) / (w1 - w0);
  };
  return { widths, ms, at };
}
