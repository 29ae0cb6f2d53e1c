export { runTargetPass } from './run-target-pass.js';
export type { ContemplateOptions, TargetPassOptions } from './run-target-pass.js';
export { verifyTree } from './verify-tree.js';
export type { VerifyTreeOptions, VerifyTreeResult } from './verify-tree.js';
