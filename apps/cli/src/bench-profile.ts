import type { SpanTotals } from '@confu/engine';

/** Where a speculative round's time goes, per round (ms), and plain decoding per token. */
export interface RoundProfile {
  readonly rounds: number;
  readonly roundMs: number;
  /** Target session runs of the verification pass, by pass width (rows). */
  readonly targetByWidth: Readonly<Record<string, { count: number; ms: number }>>;
  readonly targetMs: number;
  /** Building feeds and reading outputs around the target run (model code). */
  readonly targetHostMs: number;
  /** Copying `width × vocab` logits out of the runtime, estimated by timing the same copy. */
  readonly logitsTransferMs: number;
  readonly headCatchUpMs: number;
  readonly headStepMs: number;
  readonly headStepsPerRound: number;
  readonly acceptMs: number;
  readonly commitMs: number;
  /** Round time outside every session run: all host code (acceptance and commit included). */
  readonly hostMs: number;
  readonly hostFraction: number;
  /** Host code inside the draft and observe phases (tree search, top-k, feeds, catch-up glue). */
  readonly draftHostMs: number;
  readonly observeHostMs: number;
  /** Plain decoding, per token. */
  readonly plain: { stepMs: number; targetMs: number; sampleMs: number; hostMs: number };
}

/** Aggregates the spans of a profiled bench (speculative and plain runs in one profiler). */
export function roundProfile(
  spans: ReadonlyMap<string, SpanTotals>,
  vocabSize: number,
  measureCopy: (floats: number) => number,
): RoundProfile {
  const get = (name: string): SpanTotals => spans.get(name) ?? { count: 0, ms: 0 };
  const rounds = Math.max(1, get('round').count);
  const perRound = (name: string): number => get(name).ms / rounds;
  const targetByWidth: Record<string, { count: number; ms: number }> = {};
  let rows = 0;
  for (const [name, totals] of spans) {
    const match = /^verify\/target\.run@(\d+)$/.exec(name);
    if (!match) continue;
    targetByWidth[match[1] as string] = { count: totals.count, ms: totals.ms / totals.count };
    rows += Number(match[1]) * totals.count;
  }
  const targetMs = perRound('verify/target.run');
  const headCatchUpMs = perRound('observe/head.run');
  const headStepMs = perRound('draft/head.run');
  const roundMs = perRound('round');
  const hostMs = Math.max(0, roundMs - targetMs - headCatchUpMs - headStepMs);
  const steps = Math.max(1, get('decode.step').count);
  const plainStep = get('decode.step').ms / steps;
  const plainTarget = get('decode/target.run').ms / steps;
  return {
    rounds: get('round').count,
    roundMs,
    targetByWidth,
    targetMs,
    targetHostMs: Math.max(0, perRound('verify.pass') - targetMs),
    logitsTransferMs: measureCopy(Math.round(rows / rounds) * vocabSize),
    headCatchUpMs,
    headStepMs,
    headStepsPerRound: get('draft/head.run').count / rounds,
    acceptMs: perRound('verify.accept'),
    commitMs: perRound('verify.commit'),
    hostMs,
    hostFraction: roundMs > 0 ? hostMs / roundMs : 0,
    draftHostMs: Math.max(0, perRound('draft') - headStepMs),
    observeHostMs: Math.max(0, perRound('observe') - headCatchUpMs),
    plain: {
      stepMs: plainStep,
      targetMs: plainTarget,
      sampleMs: get('decode.sample').ms / steps,
      hostMs: Math.max(0, plainStep - plainTarget),
    },
  };
}

/** Median time (ms) to allocate and fill a float32 array of `floats` from another. */
export function measureFloatCopy(floats: number): number {
  const source = new Float32Array(floats).fill(1);
  const times: number[] = [];
  for (let rep = 0; rep < 15; rep++) {
    const start = performance.now();
    new Float32Array(floats).set(source);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[7] as number;
}

/** The profile as a small text table. */
export function formatProfile(profile: RoundProfile): string {
  const ms = (value: number): string => `${value.toFixed(2).padStart(7)} ms`;
  const share = (value: number): string =>
    `${((100 * value) / Math.max(profile.roundMs, 1e-9)).toFixed(1).padStart(5)} %`;
  const widths = Object.entries(profile.targetByWidth)
    .map(([width, { count, ms: mean }]) => `${width} rows ×${count} (${mean.toFixed(2)} ms)`)
    .join(', ');
  const line = (label: string, value: number): string =>
    `  ${label.padEnd(30)} ${ms(value)} ${share(value)}`;
  return [
    `profile: ${profile.rounds} rounds, ${profile.roundMs.toFixed(2)} ms per round`,
    line('target pass (session run)', profile.targetMs),
    `    widths: ${widths}`,
    `    logits transfer (estimate)  ${ms(profile.logitsTransferMs)}`,
    line('target feeds/outputs (host)', profile.targetHostMs),
    line('head catch-up', profile.headCatchUpMs),
    line(`head steps (${profile.headStepsPerRound.toFixed(2)}/round)`, profile.headStepMs),
    line('acceptance + sampling (host)', profile.acceptMs),
    line('KV commit (host)', profile.commitMs),
    line('drafting glue (host)', profile.draftHostMs),
    line('catch-up glue (host)', profile.observeHostMs),
    line('all host code', profile.hostMs),
    `plain decoding per token: step ${profile.plain.stepMs.toFixed(2)} ms = target run ${profile.plain.targetMs.toFixed(2)} ms + host ${profile.plain.hostMs.toFixed(2)} ms (sampling ${profile.plain.sampleMs.toFixed(2)} ms)`,
  ].join('\n');
}
