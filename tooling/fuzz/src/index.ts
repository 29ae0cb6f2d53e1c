export { fuzzTarget } from './fuzz-target.js';
export type { FuzzTarget } from './fuzz-target.js';
export { runFuzzTarget } from './run-target.js';
export type { FuzzReport, RunFuzzOptions } from './run-target.js';
export { fuzzTargets } from './targets.js';
