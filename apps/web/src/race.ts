import type { ModelDtype } from '@confu/browser';
import { ConfuError } from '@confu/errors';
import type { Decoder } from './decoder.js';
import type { GenerateRequest } from './decoder-protocol.js';
import type { PaneResult, PaneView } from './ui/pane-view.js';
import { formatRate } from './ui/stats-view.js';

/** What a race is doing (the app shows it, tests wait on it). */
export type RacePhase = 'warm-up' | 'plain' | 'speculative';

/** Both sides' runs and the speed-up. */
export interface RaceResult {
  /** How the raced model's matrices were stored (both sides ran the same model). */
  readonly dtype: ModelDtype;
  /** The last run of each side (what its pane shows). */
  readonly plain: PaneResult;
  readonly speculative: PaneResult;
  /** Tokens/s of every measured run, and the median the pane shows. */
  readonly plainRates: readonly number[];
  readonly speculativeRates: readonly number[];
  readonly plainRate: number;
  readonly speculativeRate: number;
  /** Speculative ÷ plain median tokens/s, both as shown (so the page's numbers divide to it). */
  readonly speedup: number;
}

/** Options of {@link runRace}. */
export interface RaceOptions {
  /**
   * Unshown plain + speculative pairs first, until plain's tokens/s settles (within `settle` of the
   * pair before) but at least `min` and at most `max` pairs: wasm compiles its hot code while the
   * first runs go (three identical plain runs measured 311, 538, 961 tokens/s), later on a busy
   * machine. Default `{ min: 2, max: 5, settle: 0.1 }`.
   */
  readonly warmUp?: { readonly min: number; readonly max: number; readonly settle: number };
  /** Measured plain + speculative pairs; each side reports its median tokens/s. Default 5. */
  readonly runs?: number;
  /** The loaded model's dtype, recorded in the result. Default `fp32` (`load()`'s default). */
  readonly dtype?: ModelDtype;
  readonly signal?: AbortSignal;
  readonly onPhase?: (phase: RacePhase, run: number) => void;
}

/**
 * Plain against speculative decoding on the same prompt and settings: warm-up pairs, then `runs`
 * pairs of a plain run and a speculative one, taking turns on the same worker so that neither
 * shares the CPU with the other, each streaming into its pane. The median of each side's runs
 * stands for it, so one run slowed by something else on the machine does not decide the race.
 * @throws ConfuError `INVALID_ARGUMENT` when `request` is plain decoding (nothing to race).
 */
export async function runRace(
  decoder: Decoder,
  request: GenerateRequest,
  panes: { readonly plain: PaneView; readonly speculative: PaneView },
  options: RaceOptions = {},
): Promise<RaceResult | undefined> {
  if (request.drafter.kind === 'none') {
    throw new ConfuError('INVALID_ARGUMENT', 'a race needs a speculative method (Decoding)');
  }
  const {
    warmUp = { min: 2, max: 5, settle: 0.1 },
    runs = 5,
    dtype = 'fp32',
    signal,
    onPhase,
  } = options;
  const plainRequest: GenerateRequest = {
    ...request,
    drafter: { kind: 'none', tree: request.drafter.tree },
  };
  panes.plain.clear();
  panes.speculative.clear();
  let previous: number | undefined;
  for (let run = 0; run < warmUp.max; run++) {
    onPhase?.('warm-up', run);
    const rate = await drain(decoder, plainRequest, signal);
    await drain(decoder, request, signal);
    if (signal?.aborted) return undefined;
    const settled = previous !== undefined && Math.abs(rate - previous) <= warmUp.settle * previous;
    if (run + 1 >= warmUp.min && settled) break;
    previous = rate;
  }
  const sides = [
    { pane: panes.plain, request: plainRequest, phase: 'plain' as const, rates: [] as number[] },
    { pane: panes.speculative, request, phase: 'speculative' as const, rates: [] as number[] },
  ];
  const last: PaneResult[] = [];
  for (let run = 0; run < Math.max(1, runs); run++) {
    for (const [index, side] of sides.entries()) {
      onPhase?.(side.phase, run);
      const result = await side.pane.run(decoder, side.request, signal);
      if (signal?.aborted) return undefined;
      side.rates.push(result.stats.tokensPerSecond);
      last[index] = result;
    }
  }
  const [plain, speculative] = sides.map((side) => {
    const rate = median(side.rates);
    side.pane.showRuns(side.rates, rate);
    return rate;
  }) as [number, number];
  const shown = (rate: number): number => Number(formatRate(rate));
  return {
    dtype,
    plain: last[0] as PaneResult,
    speculative: last[1] as PaneResult,
    plainRates: sides[0]?.rates ?? [],
    speculativeRates: sides[1]?.rates ?? [],
    plainRate: plain,
    speculativeRate: speculative,
    speedup: shown(plain) > 0 ? shown(speculative) / shown(plain) : 0,
  };
}

/** Runs a generation unshown; its decode tokens/s (0 without stats). */
async function drain(
  decoder: Decoder,
  request: GenerateRequest,
  signal: AbortSignal | undefined,
): Promise<number> {
  let rate = 0;
  for await (const chunk of decoder.generate(request, signal)) {
    rate = chunk.stats?.decodeTokensPerSecond ?? rate;
  }
  return rate;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
