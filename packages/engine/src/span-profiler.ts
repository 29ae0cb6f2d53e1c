import type { Profiler } from '@confu/core';

/** Count and total milliseconds of one span name. */
export interface SpanTotals {
  readonly count: number;
  readonly ms: number;
}

/** A {@link Profiler} that sums spans by name. */
export interface SpanProfiler extends Profiler {
  readonly spans: ReadonlyMap<string, SpanTotals>;
  /** Forgets every span (e.g. after a warm-up). */
  reset(): void;
}

/** Sums every recorded span by name; `phase` starts as `idle`. */
export function createSpanProfiler(now: () => number = () => performance.now()): SpanProfiler {
  const spans = new Map<string, SpanTotals>();
  return {
    now,
    phase: 'idle',
    spans,
    record(name, ms) {
      const totals = spans.get(name);
      spans.set(name, { count: (totals?.count ?? 0) + 1, ms: (totals?.ms ?? 0) + ms });
    },
    reset() {
      spans.clear();
    },
  };
}

/**
 * Runs `work` as phase `name` of `profiler` (session runs inside are filed under it) and records
 * its wall time; without a profiler it just runs `work`.
 */
export async function timePhase<T>(
  profiler: Profiler | undefined,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!profiler) return work();
  const previous = profiler.phase;
  profiler.phase = name;
  const start = profiler.now();
  try {
    return await work();
  } finally {
    profiler.record(name, profiler.now() - start);
    profiler.phase = previous;
  }
}
