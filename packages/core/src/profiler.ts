/**
 * Collects wall-clock spans of a generation (`confu bench --profile`). Passed in only when
 * profiling: code that receives none pays nothing.
 */
export interface Profiler {
  /** Milliseconds clock. */
  now(): number;
  /** Adds one span of `ms` to `name` (e.g. `verify.accept`, `target.run@16`). */
  record(name: string, ms: number): void;
  /** What the generation is doing now (`draft`, `verify`, ...): session runs are filed under it. */
  phase: string;
}
