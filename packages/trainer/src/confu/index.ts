export { buildConfuTttGraph } from './build-confu-ttt-graph.js';
export { confuBatchFeeds } from './confu-batch.js';
export type { AnchorOptions, ConfuBatch } from './confu-batch.js';
export {
  allConfuParameterDims,
  confuHeadFromParameters,
  confuParameterDims,
  confuParameterKeys,
  confuParametersOf,
  initialConfuParameters,
} from './confu-parameters.js';
export type { ConfuParameterName } from './confu-parameters.js';
export { checkConfuTttShape, confuTttInputs } from './confu-ttt-shape.js';
export type { ConfuTrainHeadConfig, ConfuTttShape } from './confu-ttt-shape.js';
export { contemplateTaps } from './contemplate-graph.js';
export { moeGraph } from './moe-graph.js';
export { trainConfu } from './train-confu.js';
export type { TrainConfuOptions, TrainConfuResult } from './train-confu.js';
