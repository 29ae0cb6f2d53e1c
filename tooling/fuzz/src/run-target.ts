import { ConfuError } from '@confu/errors';
import * as fc from 'fast-check';
import type { FuzzTarget } from './fuzz-target.js';

/** Options of {@link runFuzzTarget}. */
export interface RunFuzzOptions {
  readonly runs: number;
  readonly seed: number;
  /** An input slower than this is a hang. Default 1000 ms. */
  readonly hangMs?: number;
  /** Failures kept as examples in the report. Default 5. */
  readonly keepExamples?: number;
  /** Called every 10,000 inputs with the count so far. */
  readonly onProgress?: (inputs: number) => void;
}

/** What one fuzzing run found. */
export interface FuzzReport {
  readonly target: string;
  readonly seed: number;
  readonly inputs: number;
  /** Inputs the parser accepted. */
  readonly accepted: number;
  /** Inputs refused with a `ConfuError`, by code. */
  readonly refused: Readonly<Record<string, number>>;
  /** Inputs that threw anything but a `ConfuError`. */
  readonly failures: number;
  /** Inputs slower than the hang threshold. */
  readonly hangs: number;
  readonly slowestMs: number;
  readonly seconds: number;
  /** The first failures and hangs: the error and the input. */
  readonly examples: readonly string[];
}

/**
 * Feeds `options.runs` seeded inputs to `target` and classifies each outcome. Failures do not
 * stop the run (no shrinking): the report counts them and keeps the first few.
 */
export async function runFuzzTarget(
  target: FuzzTarget,
  options: RunFuzzOptions,
): Promise<FuzzReport> {
  const hangMs = options.hangMs ?? 1000;
  const keep = options.keepExamples ?? 5;
  const refused: Record<string, number> = {};
  const examples: string[] = [];
  let inputs = 0;
  let accepted = 0;
  let failures = 0;
  let hangs = 0;
  let slowestMs = 0;
  const started = performance.now();
  await fc.check(
    fc.asyncProperty(target.arbitrary, async (input) => {
      inputs++;
      if (inputs % 10_000 === 0) options.onProgress?.(inputs);
      const start = performance.now();
      let outcome: unknown;
      try {
        await target.run(input);
      } catch (error) {
        outcome = error ?? new Error(String(error));
      }
      const ms = performance.now() - start;
      slowestMs = Math.max(slowestMs, ms);
      if (ms > hangMs) {
        hangs++;
        if (examples.length < keep)
          examples.push(`hang ${ms.toFixed(0)} ms: ${target.describe(input)}`);
      }
      if (outcome === undefined) accepted++;
      else if (ConfuError.isInstance(outcome))
        refused[outcome.code] = (refused[outcome.code] ?? 0) + 1;
      else {
        failures++;
        if (examples.length < keep) {
          const error =
            outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : String(outcome);
          examples.push(`${error.slice(0, 300)} on ${target.describe(input)}`);
        }
      }
      return true;
    }),
    { numRuns: options.runs, seed: options.seed, endOnFailure: true },
  );
  return {
    target: target.name,
    seed: options.seed,
    inputs,
    accepted,
    refused,
    failures,
    hangs,
    slowestMs: Math.round(slowestMs),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    examples,
  };
}
