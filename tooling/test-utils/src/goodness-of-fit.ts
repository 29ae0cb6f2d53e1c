/**
 * Goodness of fit of samples to an exact discrete law (χ² and total variation with 1e-6 false-alarm
 * bounds): the statistics behind the lossless-sampling tests.
 */
/** Upper 1e-6 quantile of the standard normal distribution. */
const Z_ONE_IN_A_MILLION = 4.753424;
/** False-alarm probability the TV bound is built for. */
const DELTA = 1e-6;

/** How well `counts` (N samples) fit the exact distribution. */
export interface GoodnessOfFit {
  readonly samples: number;
  /** ½ Σ |empirical − exact|. */
  readonly totalVariation: number;
  /**
   * A sample from the exact distribution exceeds this with probability ≤ 1e-6:
   * E[TV] ≤ ½ √(K / N) (Jensen + Cauchy–Schwarz over the K possible outcomes), plus the McDiarmid
   * deviation √(ln(1/δ) / 2N) (one sample moves TV by at most 1/N).
   */
  readonly totalVariationBound: number;
  /** Pearson χ² over bins with expected count ≥ 5 (smaller ones merged). */
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  /** χ² quantile at p = 1e-6 (Wilson–Hilferty). */
  readonly criticalValue: number;
  /** max |empirical − exact| over outcomes (G6 asks ≤ 0.01). */
  readonly maxAbsoluteError: number;
  /** Samples of outcomes whose exact probability is 0 (G6: must be 0). */
  readonly impossibleSamples: number;
}

export function goodnessOfFit(counts: ArrayLike<number>, exact: ArrayLike<number>): GoodnessOfFit {
  let samples = 0;
  for (let index = 0; index < counts.length; index++) samples += counts[index] as number;
  let totalVariation = 0;
  let maxAbsoluteError = 0;
  let impossibleSamples = 0;
  const bins: { observed: number; expected: number }[] = [];
  for (let index = 0; index < exact.length; index++) {
    const p = exact[index] as number;
    const observed = counts[index] as number;
    const error = Math.abs(observed / samples - p);
    totalVariation += error / 2;
    maxAbsoluteError = Math.max(maxAbsoluteError, error);
    if (p === 0) impossibleSamples += observed;
    else bins.push({ observed, expected: p * samples });
  }
  const merged = mergeSmallBins(bins);
  const chiSquare = merged.reduce((sum, b) => sum + (b.observed - b.expected) ** 2 / b.expected, 0);
  const degreesOfFreedom = merged.length - 1;
  return {
    samples,
    totalVariation,
    totalVariationBound:
      Math.sqrt(bins.length / samples) / 2 + Math.sqrt(Math.log(1 / DELTA) / (2 * samples)),
    chiSquare,
    degreesOfFreedom,
    criticalValue: chiSquareQuantile(degreesOfFreedom, Z_ONE_IN_A_MILLION),
    maxAbsoluteError,
    impossibleSamples,
  };
}

/** Groups bins with expected < 5, smallest first, until each group reaches 5. */
function mergeSmallBins(bins: { observed: number; expected: number }[]) {
  const large = bins.filter((b) => b.expected >= 5);
  const small = bins.filter((b) => b.expected < 5).sort((a, b) => a.expected - b.expected);
  let group = { observed: 0, expected: 0 };
  for (const bin of small) {
    group.observed += bin.observed;
    group.expected += bin.expected;
    if (group.expected >= 5) {
      large.push(group);
      group = { observed: 0, expected: 0 };
    }
  }
  if (group.expected > 0) {
    // A remainder below 5 joins the smallest large bin.
    const target = large.reduce((a, b) => (b.expected < a.expected ? b : a));
    target.observed += group.observed;
    target.expected += group.expected;
  }
  return large;
}

/** Wilson–Hilferty: χ²_k quantile ≈ k (1 − 2/9k + z √(2/9k))³. */
function chiSquareQuantile(k: number, z: number): number {
  const c = 2 / (9 * k);
  return k * (1 - c + z * Math.sqrt(c)) ** 3;
}

/** One line for the report. */
export function describeFit(label: string, fit: GoodnessOfFit): string {
  const f = (x: number) => x.toPrecision(4);
  return (
    `${label}: N=${fit.samples} TV=${f(fit.totalVariation)} (bound ${f(fit.totalVariationBound)}) ` +
    `χ²=${f(fit.chiSquare)} df=${fit.degreesOfFreedom} (critical ${f(fit.criticalValue)} at p=1e-6) ` +
    `max|err|=${f(fit.maxAbsoluteError)} impossible=${fit.impossibleSamples}`
  );
}
