export { describeTensorRuntimeContract } from './describe-tensor-runtime-contract.js';
export type { TensorRuntimeContractOptions } from './describe-tensor-runtime-contract.js';
export {
  createAddModel,
  createDTypeModel,
  createExternalDataModel,
  createIdentityModel,
  createMatMulModel,
  externalWeights,
  roundTripDTypes,
} from './micro-models.js';
export { encodeOnnxModel } from './onnx-writer.js';
export type {
  EncodedOnnxModel,
  OnnxInitializerSpec,
  OnnxModelSpec,
  OnnxNodeSpec,
  OnnxValueSpec,
} from './onnx-writer.js';
export { describeFit, goodnessOfFit } from './goodness-of-fit.js';
export type { GoodnessOfFit } from './goodness-of-fit.js';
export {
  checkSharedData,
  hasSharedData,
  hasStories260k,
  sharedDirectory,
  sharedPath,
  stories260kDirectory,
} from './shared-data.js';
export type { SharedDataCheck } from './shared-data.js';
export { caught } from './caught.js';
export { maxAbsDiff } from './max-abs-diff.js';
export { writeSparseFile } from './sparse-file.js';
export type { SparseWrite } from './sparse-file.js';
