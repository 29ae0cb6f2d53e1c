export { runTargetPass, targetFeatures } from './run-target-pass.js';
export type { TargetPassOptions, TargetPassOutput } from './run-target-pass.js';
export { verifyTree } from './verify-tree.js';
export type { VerifyTreeOptions, VerifyTreeResult } from './verify-tree.js';
