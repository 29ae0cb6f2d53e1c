import type * as fc from 'fast-check';

/**
 * One parser under fuzzing: inputs from `arbitrary`, fed to `run`. `run` may return or throw a
 * `ConfuError` (a clean, coded refusal); anything else it throws is a failure, and an input that
 * takes longer than the runner's hang threshold is a hang.
 */
export interface FuzzTarget<TInput = unknown> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<TInput>;
  run(input: TInput): Promise<void> | void;
  /** A short printable form of an input, for failure reports. */
  describe(input: TInput): string;
}

/** Builds a {@link FuzzTarget} with its input type checked. */
export function fuzzTarget<TInput>(target: FuzzTarget<TInput>): FuzzTarget {
  return target as unknown as FuzzTarget;
}
